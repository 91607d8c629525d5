/* Reading edge lists and attribute files. The reader is built for files of
 * hundreds of millions of edges: it reads 1 MiB blocks, hands the parser
 * runs of whole lines that always end in '\n' (so digit loops need no bounds
 * checks), and makes ids dense through an open-addressing hash table,
 * looking ids up a batch at a time so that their cache misses overlap.
 *
 * It runs past 700 lines as one file on purpose. The attribute-file reader
 * (the last ~160 lines) is the only natural cut, and it uses nearly all the
 * rest: the line reader, the token scanners, parse_id, the located messages
 * and the id map. The hot ones among them (the scanners, parse_id and the
 * id map's lookups, some 200 lines) are static inline so the edge loop
 * inlines them; a second file would need them moved into a header as inline
 * code, away from the loop that relies on them, or turned into calls made
 * for every id of every line.
 *
 * A large file's result is also kept in a binary cache next to it
 * (edgelist_cache.c): the next read of the same bytes loads arrays instead
 * of parsing, which is where most of the time goes (docs/performance.md,
 * "Loading edge lists"). */
#define _POSIX_C_SOURCE 200809L /* fstat's st_mtim, fileno */
#include "edgelist.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../base/alloc.h"
#include "../engine/rng.h"
#include "edgelist_cache.h"
#include "fileio.h"

#define BLOCK_BYTES ((size_t)1 << 20)
#define TOKEN_SHOWN 24 /* bytes of a bad token quoted in a message */
#define BATCH 64       /* edge lines whose ids are looked up together */
#define PADDING 32     /* bytes after a line buffer: a '\n' and parse_id's 8-byte reads */
#define UNLISTED 0xFF  /* role of an account the attribute file has not listed (yet) */

/* ---- Lines ---- */

/* Hands out a file as runs of whole lines. A line that straddles two blocks
 * is carried over to the front of the buffer for the next run; the buffer
 * doubles for a line longer than itself; a last line without '\n' gets one. */
struct line_reader {
    FILE *file;
    const char *path;
    char *buffer; /* [capacity + PADDING]: room for the '\n' of an unterminated
                     last line, and for parse_id reading 8 bytes at a time */
    size_t capacity;
    size_t tail_start; /* the unfinished line after the last run handed out */
    size_t tail_len;
    bool at_eof;
    bool started;               /* a run has been handed out: a byte-order mark is behind us */
    struct edgelist_hash *hash; /* fed every byte read, for the cache; or NULL */
};

static void line_reader_init(struct line_reader *lr, FILE *file, const char *path)
{
    lr->file = file;
    lr->path = path;
    lr->capacity = BLOCK_BYTES;
    lr->buffer = xcalloc(lr->capacity + PADDING, 1);
    lr->tail_start = 0;
    lr->tail_len = 0;
    lr->at_eof = false;
    lr->started = false;
    lr->hash = NULL;
}

static void line_reader_destroy(struct line_reader *lr)
{
    free(lr->buffer);
    lr->buffer = NULL;
}

/* Sets [*begin, *end) to the next run of whole lines, each ending in '\n';
 * an empty run means the file is done. */
static int fill_lines(struct line_reader *lr, char **begin, char **end, struct error *err)
{
    memmove(lr->buffer, lr->buffer + lr->tail_start, lr->tail_len);
    size_t have = lr->tail_len;
    for (;;) {
        if (lr->at_eof) {
            if (have > 0) {
                lr->buffer[have++] = '\n';
            }
            lr->tail_start = have;
            lr->tail_len = 0;
            *begin = lr->buffer;
            *end = lr->buffer + have;
            return STATUS_OK;
        }
        if (have == lr->capacity) {
            lr->buffer = xrealloc(lr->buffer, 2 * lr->capacity + PADDING);
            memset(lr->buffer + lr->capacity, 0, lr->capacity + PADDING);
            lr->capacity *= 2;
        }
        size_t want = lr->capacity - have;
        size_t got = fread(lr->buffer + have, 1, want, lr->file);
        if (lr->hash) {
            edgelist_hash_feed(lr->hash, lr->buffer + have, got);
        }
        if (got < want) {
            if (ferror(lr->file)) {
                /* A directory opens but cannot be read: that is the user's mistake. */
                int status = errno == EISDIR ? STATUS_BAD_INPUT : STATUS_FAILURE;
                return error_set_status(err, status, "%s: cannot read: %s", lr->path,
                                        strerror(errno));
            }
            lr->at_eof = true;
        }
        size_t scanned = have;
        have += got;
        size_t last = have;
        while (last > scanned && lr->buffer[last - 1] != '\n') {
            last--;
        }
        if (last > scanned) {
            lr->tail_start = last;
            lr->tail_len = have - last;
            *begin = lr->buffer;
            *end = lr->buffer + last;
            return STATUS_OK;
        }
    }
}

/* As fill_lines, skipping the UTF-8 byte-order mark some editors put at the
 * start of a file. */
static int next_lines(struct line_reader *lr, char **begin, char **end, struct error *err)
{
    int status = fill_lines(lr, begin, end, err);
    if (status == STATUS_OK && !lr->started) {
        lr->started = true;
        if (*end - *begin >= 3 && memcmp(*begin, "\xEF\xBB\xBF", 3) == 0) {
            *begin += 3;
        }
    }
    return status;
}

/* ---- Tokens and messages ---- */

static inline bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static inline bool ends_token(char c)
{
    return is_blank(c) || c == ',' || c == '#' || c == '\n';
}

static inline const char *skip_blanks(const char *p)
{
    while (is_blank(*p)) {
        p++;
    }
    return p;
}

/* Skips blanks, at most one comma, and blanks after it. */
static inline const char *skip_separator(const char *p)
{
    p = skip_blanks(p);
    if (*p == ',') {
        p = skip_blanks(p + 1);
    }
    return p;
}

enum id_parse { ID_OK, ID_NOT_A_NUMBER, ID_TOO_LARGE };

/* parse_id's digit-at-a-time path, with an overflow check per digit. */
static enum id_parse parse_id_slowly(const char **at, uint64_t *id)
{
    const char *p = *at;
    unsigned digit = (unsigned)(unsigned char)*p - '0';
    if (digit > 9) {
        return ID_NOT_A_NUMBER;
    }
    uint64_t x = 0;
    do {
        if (x >= UINT64_MAX / 10 && (x > UINT64_MAX / 10 || digit > UINT64_MAX % 10)) {
            while ((unsigned)(unsigned char)*p - '0' <= 9) {
                p++;
            }
            return ends_token(*p) ? ID_TOO_LARGE : ID_NOT_A_NUMBER;
        }
        x = x * 10 + digit;
        p++;
        digit = (unsigned)(unsigned char)*p - '0';
    } while (digit <= 9);
    if (!ends_token(*p)) {
        return ID_NOT_A_NUMBER;
    }
    *id = x;
    *at = p;
    return ID_OK;
}

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define EIGHT_DIGITS_AT_ONCE 1
#endif

#ifdef EIGHT_DIGITS_AT_ONCE
/* How many of the 8 characters in chunk (first character in the low byte)
 * are digits before the first non-digit. A byte is a digit when its high
 * nibble is 3 both before and after adding 6; a carry out of a non-digit
 * byte only reaches the bytes after it, which do not matter. */
static inline unsigned leading_digits(uint64_t chunk)
{
    const uint64_t high = UINT64_C(0xF0F0F0F0F0F0F0F0);
    const uint64_t threes = UINT64_C(0x3030303030303030);
    uint64_t not_digit =
        ((chunk & high) ^ threes) | (((chunk + UINT64_C(0x0606060606060606)) & high) ^ threes);
    return not_digit ? (unsigned)__builtin_ctzll(not_digit) / 8 : 8;
}

/* The value of the first n (1..8) digit characters of chunk, by combining
 * pairs, then quadruples, with multiplications (Lemire's eight-digit trick). */
static inline uint64_t digits_value(uint64_t chunk, unsigned n)
{
    uint64_t v = (chunk - UINT64_C(0x3030303030303030)) << (8 * (8 - n));
    v = v * 10 + (v >> 8);
    const uint64_t pairs = UINT64_C(0x000000FF000000FF);
    uint64_t sum = (v & pairs) * UINT64_C(0x000F424000000064) +
                   ((v >> 16) & pairs) * UINT64_C(0x0000271000000001);
    return sum >> 32;
}
#endif

/* Parses a decimal id at *at that must end at a blank, comma, comment or the
 * end of the line; on success moves *at past it. Reads up to 24 bytes from
 * *at, past the end of the line (the line buffer has room). */
static inline enum id_parse parse_id(const char **at, uint64_t *id)
{
#ifdef EIGHT_DIGITS_AT_ONCE
    /* Digits run 8 at a time without a branch per digit: ids vary in
     * length, and a mispredicted loop exit per id costs more than the
     * arithmetic. Up to 19 digits cannot overflow; longer ids go slowly. */
    static const uint64_t power10[9] = {1,      10,      100,      1000,     10000,
                                        100000, 1000000, 10000000, 100000000};
    const char *p = *at;
    uint64_t x = 0;
    unsigned digits = 0;
    unsigned n;
    do {
        uint64_t chunk;
        memcpy(&chunk, p, sizeof chunk);
        n = leading_digits(chunk);
        if (n > 0) {
            x = x * power10[n] + digits_value(chunk, n);
            p += n;
            digits += n;
        }
    } while (n == 8 && digits < 24);
    if (digits == 0) {
        return ID_NOT_A_NUMBER;
    }
    if (digits > 19) {
        return parse_id_slowly(at, id);
    }
    if (!ends_token(*p)) {
        return ID_NOT_A_NUMBER;
    }
    *id = x;
    *at = p;
    return ID_OK;
#else
    return parse_id_slowly(at, id);
#endif
}

/* Describes the text at p for the "got ..." part of a message: the token
 * there (up to the next blank, comma or comment) in quotes, shortened and
 * with control bytes escaped. */
static void describe_token(const char *p, char *out, size_t size)
{
    if (*p == '\n') {
        snprintf(out, size, "the end of the line");
        return;
    }
    if (*p == '#') {
        snprintf(out, size, "a comment");
        return;
    }
    size_t len = 1;
    while (!ends_token(p[len]) && len <= TOKEN_SHOWN) {
        len++;
    }
    bool cut = len > TOKEN_SHOWN;
    if (cut) {
        len = TOKEN_SHOWN;
        /* Cut at a character boundary so the message stays valid UTF-8. */
        while (len > 1 && ((unsigned char)p[len] & 0xC0) == 0x80) {
            len--;
        }
    }
    size_t w = 0;
    w += (size_t)snprintf(out + w, size - w, "\"");
    for (size_t i = 0; i < len && w < size; i++) {
        unsigned char byte = (unsigned char)p[i];
        if (byte < 0x20 || byte == 0x7f) {
            w += (size_t)snprintf(out + w, size - w, "\\x%02x", byte);
        } else {
            w += (size_t)snprintf(out + w, size - w, "%c", byte);
        }
    }
    if (w < size) {
        snprintf(out + w, size - w, "%s\"", cut ? "..." : "");
    }
}

/* The 1-based column of p in the line that starts at line_start, counted in
 * characters as the scenario messages count them. */
static size_t column_of(const char *line_start, const char *p)
{
    size_t column = 1;
    for (const char *c = line_start; c < p; c++) {
        column += ((unsigned char)*c & 0xC0) != 0x80;
    }
    return column;
}

/* "FILE:LINE:COL: expected <rule>, got <the token at p>". */
static int expected_at(struct error *err, const char *path, uint64_t line, const char *line_start,
                       const char *p, const char *rule)
{
    char got[TOKEN_SHOWN * 4 + 8];
    describe_token(p, got, sizeof got);
    return error_set(err, "%s:%" PRIu64 ":%zu: expected %s, got %s", path, line,
                     column_of(line_start, p), rule, got);
}

/* The message for an id that parse_id refused with why. */
static int bad_id(struct error *err, const char *path, uint64_t line, const char *line_start,
                  const char *p, enum id_parse why, const char *what)
{
    char rule[160];
    if (why == ID_TOO_LARGE) {
        snprintf(rule, sizeof rule, "%s of at most %" PRIu64, what, UINT64_MAX);
    } else {
        snprintf(rule, sizeof rule, "%s (a non-negative integer)", what);
    }
    return expected_at(err, path, line, line_start, p, rule);
}

/* ---- Dense ids ---- */

/* Open addressing with linear probing, at most 3/4 full: a fuller table
 * means longer probes, but they run along cache lines already fetched, and
 * touching fresh memory costs more than they do. A slot holds a file id and
 * its dense id + 1, so that 0 marks an empty slot and every 64-bit id can be
 * stored. */
struct slot {
    uint64_t key;
    uint32_t value;
};

struct id_map {
    struct slot *slots; /* [mask + 1] */
    uint64_t mask;
    uint32_t count; /* dense ids handed out: 0 .. count - 1 */
};

/* An empty table of capacity slots. Huge pages keep random probes of a
 * large table from missing the TLB as well as the cache. */
static struct slot *new_slots(uint64_t capacity)
{
    struct slot *slots = xmalloc_huge(capacity * sizeof *slots);
    memset(slots, 0, capacity * sizeof *slots);
    return slots;
}

static void id_map_init(struct id_map *m, uint64_t expected)
{
    uint64_t capacity = 1024;
    while (capacity * 3 < expected * 4) {
        capacity *= 2;
    }
    m->slots = new_slots(capacity);
    m->mask = capacity - 1;
    m->count = 0;
}

static void id_map_destroy(struct id_map *m)
{
    free(m->slots);
    m->slots = NULL;
}

static inline uint64_t hash_id(uint64_t key)
{
    return rng_mix64(key);
}

/* The slot where the probe for a key with this hash starts. */
static inline struct slot *id_map_slot(const struct id_map *m, uint64_t hash)
{
    return &m->slots[hash & m->mask];
}

static void id_map_grow(struct id_map *m)
{
    struct slot *old = m->slots;
    uint64_t old_capacity = m->mask + 1;
    m->mask = old_capacity * 2 - 1;
    m->slots = new_slots(old_capacity * 2);
    for (uint64_t i = 0; i < old_capacity; i++) {
        if (old[i].value == 0) {
            continue;
        }
        struct slot *s = id_map_slot(m, hash_id(old[i].key));
        while (s->value != 0) {
            s = s == &m->slots[m->mask] ? m->slots : s + 1;
        }
        *s = old[i];
    }
    free(old);
}

/* Returns the dense id of key, or NO_ACCOUNT when it has none. */
static inline uint32_t id_map_find(const struct id_map *m, uint64_t key)
{
    const struct slot *s = id_map_slot(m, hash_id(key));
    while (s->value != 0) {
        if (s->key == key) {
            return s->value - 1;
        }
        s = s == &m->slots[m->mask] ? m->slots : s + 1;
    }
    return NO_ACCOUNT;
}

/* Returns the dense id of key (whose hash_id is hash), giving it the next
 * one if it is new (and then setting *added); NO_ACCOUNT when
 * EDGELIST_ACCOUNTS_MAX ids are taken. */
static inline uint32_t id_map_add(struct id_map *m, uint64_t key, uint64_t hash, bool *added)
{
    struct slot *s = id_map_slot(m, hash);
    while (s->value != 0) {
        if (s->key == key) {
            return s->value - 1;
        }
        s = s == &m->slots[m->mask] ? m->slots : s + 1;
    }
    if (m->count == EDGELIST_ACCOUNTS_MAX) {
        return NO_ACCOUNT;
    }
    uint32_t id = m->count++;
    s->key = key;
    s->value = id + 1;
    *added = true;
    if ((uint64_t)m->count * 4 > (m->mask + 1) * 3) {
        id_map_grow(m);
    }
    return id;
}

static inline void id_map_prefetch(const struct id_map *m, uint64_t hash)
{
#if defined(__GNUC__)
    __builtin_prefetch(id_map_slot(m, hash));
#else
    (void)m;
    (void)hash;
#endif
}

/* ---- Edge lists ---- */

struct edge_reader {
    struct line_reader lines;
    struct id_map map;
    struct edge_list *el;
    bool undirected;
    bool reverse;
    uint64_t line; /* number of the line being parsed */
    struct error *err;
    uint64_t edge_capacity; /* of el->from and el->to */
    uint64_t id_capacity;   /* of el->original_id */
    /* Files usually list an account's edges together, so the first id of a
     * line is often the previous line's: remembering it saves a lookup. */
    uint64_t last_key;
    uint32_t last_id; /* NO_ACCOUNT until a line has been looked up */
    /* Lines parsed but not yet looked up. */
    size_t pending;
    uint64_t first[BATCH];
    uint64_t second[BATCH];
    uint64_t pending_line[BATCH];
};

/* The file's size in bytes, or 0 when it cannot be known (a pipe). */
static uint64_t file_size(FILE *file)
{
    if (fseek(file, 0, SEEK_END) != 0) {
        return 0;
    }
    long size = ftell(file);
    if (fseek(file, 0, SEEK_SET) != 0) {
        return 0;
    }
    return size > 0 ? (uint64_t)size : 0;
}

/* Allocates the edge arrays for the number of edges the file probably
 * holds, judged from its size and the lines in its first run [begin, end).
 * Touching fresh memory is the dearest part of reading on some machines, so
 * the arrays are allocated once, on huge pages, and never copied; a low
 * guess only means a realloc, which remaps rather than copies. */
static void reserve_edges(struct edge_reader *er, uint64_t size, const char *begin, const char *end)
{
    uint64_t lines = 0;
    for (const char *p = begin; p < end; p++) {
        lines += *p == '\n';
    }
    double guess = 1024.0;
    if (size > 0 && end > begin) {
        guess += 1.05 * (double)size * (double)lines / (double)(end - begin);
    }
    if (er->undirected) {
        guess *= 2.0;
    }
    struct edge_list *el = er->el;
    er->edge_capacity = (uint64_t)guess;
    el->from = xmalloc_huge(er->edge_capacity * sizeof *el->from);
    el->to = xmalloc_huge(er->edge_capacity * sizeof *el->to);
}

static inline void push_edge(struct edge_reader *er, uint32_t from, uint32_t to)
{
    struct edge_list *el = er->el;
    if (el->edges == er->edge_capacity) {
        er->edge_capacity *= 2;
        el->from = xrealloc(el->from, er->edge_capacity * sizeof *el->from);
        el->to = xrealloc(el->to, er->edge_capacity * sizeof *el->to);
    }
    el->from[el->edges] = from;
    el->to[el->edges] = to;
    el->edges++;
}

static inline int dense_id(struct edge_reader *er, uint64_t key, uint64_t hash, uint64_t line,
                           uint32_t *id)
{
    bool added = false;
    *id = id_map_add(&er->map, key, hash, &added);
    if (*id == NO_ACCOUNT) {
        return error_set(er->err, "%s:%" PRIu64 ": more than %" PRIu32 " distinct account ids",
                         er->lines.path, line, (uint32_t)EDGELIST_ACCOUNTS_MAX);
    }
    if (added) {
        struct edge_list *el = er->el;
        if (*id == er->id_capacity) {
            er->id_capacity *= 2;
            el->original_id = xrealloc(el->original_id, er->id_capacity * sizeof *el->original_id);
        }
        el->original_id[*id] = key;
    }
    return STATUS_OK;
}

/* Looks up the pending lines' ids and appends their edges. Prefetching
 * every slot first lets the batch's cache misses overlap instead of paying
 * for them one after another. */
static int flush_pending(struct edge_reader *er)
{
    /* Hashes, not slots, are kept: the table may grow within the batch. */
    uint64_t first_hash[BATCH];
    uint64_t second_hash[BATCH];
    for (size_t i = 0; i < er->pending; i++) {
        first_hash[i] = hash_id(er->first[i]);
        second_hash[i] = hash_id(er->second[i]);
        id_map_prefetch(&er->map, first_hash[i]);
        id_map_prefetch(&er->map, second_hash[i]);
    }
    for (size_t i = 0; i < er->pending; i++) {
        uint32_t a = er->last_id;
        uint32_t b;
        if (er->first[i] != er->last_key || a == NO_ACCOUNT) {
            if (dense_id(er, er->first[i], first_hash[i], er->pending_line[i], &a)) {
                return STATUS_BAD_INPUT;
            }
            er->last_key = er->first[i];
            er->last_id = a;
        }
        if (dense_id(er, er->second[i], second_hash[i], er->pending_line[i], &b)) {
            return STATUS_BAD_INPUT;
        }
        if (a == b) {
            er->el->self_loops++;
        } else if (er->undirected) {
            push_edge(er, a, b);
            push_edge(er, b, a);
        } else if (er->reverse) {
            push_edge(er, b, a);
        } else {
            push_edge(er, a, b);
        }
    }
    er->pending = 0;
    return STATUS_OK;
}

/* Moves p past the '\n' that ends its line: usually p is already at it,
 * and only a comment needs a search. */
static inline const char *next_line(const char *p, const char *end)
{
    if (*p != '\n') {
        p = memchr(p, '\n', (size_t)(end - p));
    }
    return p + 1;
}

/* Parses the whole lines in [p, end). */
static int parse_edges(struct edge_reader *er, const char *p, const char *end)
{
    const char *path = er->lines.path;
    while (p < end) {
        const char *line_start = p;
        er->line++;
        p = skip_blanks(p);
        if (*p == '\n' || *p == '#') {
            p = next_line(p, end);
            continue;
        }
        uint64_t a = 0;
        uint64_t b = 0;
        enum id_parse why = parse_id(&p, &a);
        if (why != ID_OK) {
            return bad_id(er->err, path, er->line, line_start, p, why, "an account id");
        }
        p = skip_separator(p);
        why = parse_id(&p, &b);
        if (why != ID_OK) {
            return bad_id(er->err, path, er->line, line_start, p, why, "a second account id");
        }
        p = skip_blanks(p);
        if (*p != '\n' && *p != '#') {
            return expected_at(er->err, path, er->line, line_start, p,
                               "the end of the line after two ids");
        }
        p = next_line(p, end);
        er->first[er->pending] = a;
        er->second[er->pending] = b;
        er->pending_line[er->pending] = er->line;
        if (++er->pending == BATCH && flush_pending(er)) {
            return STATUS_BAD_INPUT;
        }
    }
    return flush_pending(er);
}

/* The key of the open file: size and modification time (the content hash
 * is left 0). False when they cannot be known. */
static bool file_key(FILE *file, struct edgelist_key *key, unsigned *mode)
{
    struct stat st;
    if (fstat(fileno(file), &st) != 0) {
        return false;
    }
    memset(key, 0, sizeof *key);
    key->size = (uint64_t)st.st_size;
    key->mtime_s = (int64_t)st.st_mtim.tv_sec;
    key->mtime_ns = (int64_t)st.st_mtim.tv_nsec;
    *mode = (unsigned)st.st_mode;
    return true;
}

int edgelist_read(const char *path, bool undirected, bool reverse, struct edge_list *el,
                  struct error *err)
{
    return edgelist_read_cached(path, undirected, reverse, EDGELIST_CACHE_MIN_BYTES, el, err);
}

int edgelist_read_cached(const char *path, bool undirected, bool reverse, uint64_t cache_min_bytes,
                         struct edge_list *el, struct error *err)
{
    memset(el, 0, sizeof *el);
    FILE *file = file_open_read(path, err);
    if (!file) {
        return STATUS_BAD_INPUT;
    }
    struct edgelist_key key;
    unsigned mode = 0;
    char *cache_path = NULL;
    if (file_key(file, &key, &mode) && key.size >= cache_min_bytes) {
        cache_path = edgelist_cache_path(path);
        if (edgelist_cache_load(cache_path, file, &key, undirected, reverse, el)) {
            free(cache_path);
            fclose(file);
            return STATUS_OK;
        }
        if (fseek(file, 0, SEEK_SET) != 0) {
            free(cache_path); /* cannot go back: read it once, without a cache */
            cache_path = NULL;
        }
    }
    struct edgelist_hash hash;
    edgelist_hash_init(&hash);
    struct edge_reader er = {
        .el = el,
        .undirected = undirected,
        .reverse = reverse,
        .line = 0,
        .err = err,
        .id_capacity = 1 << 12,
        .last_id = NO_ACCOUNT,
        .pending = 0,
    };
    uint64_t size = file_size(file);
    line_reader_init(&er.lines, file, path);
    er.lines.hash = cache_path ? &hash : NULL;
    id_map_init(&er.map, er.id_capacity);
    el->original_id = xmalloc(er.id_capacity * sizeof *el->original_id);
    int status = STATUS_OK;
    for (;;) {
        char *begin;
        char *end;
        status = next_lines(&er.lines, &begin, &end, err);
        if (status != STATUS_OK || begin == end) {
            break;
        }
        if (!el->from) {
            reserve_edges(&er, size, begin, end);
        }
        status = parse_edges(&er, begin, end);
        if (status != STATUS_OK) {
            break;
        }
    }
    el->vertices = er.map.count;
    line_reader_destroy(&er.lines);
    id_map_destroy(&er.map);
    /* The cache's key is the file as it was read: same size and mtime
     * after reading as before, and the hash of every byte parsed. */
    struct edgelist_key after;
    unsigned mode_after;
    bool cacheable = cache_path && status == STATUS_OK && file_key(file, &after, &mode_after) &&
                     after.size == key.size && after.mtime_s == key.mtime_s &&
                     after.mtime_ns == key.mtime_ns && hash.bytes == key.size;
    fclose(file);
    if (status == STATUS_OK && el->edges == 0) {
        if (el->self_loops > 0) {
            status = error_set(err, "%s: no edges (only self-loops, which are dropped)", path);
        } else {
            status = error_set(err, "%s: no edges", path);
        }
    }
    if (status != STATUS_OK) {
        edge_list_destroy(el);
        free(cache_path);
        return status;
    }
    /* Give back what the guess and any doubling over-allocated. */
    el->from = xrealloc(el->from, el->edges * sizeof *el->from);
    el->to = xrealloc(el->to, el->edges * sizeof *el->to);
    el->original_id = xrealloc(el->original_id, el->vertices * sizeof *el->original_id);
    if (cacheable) {
        key.content_hash = edgelist_hash_final(&hash);
        edgelist_cache_store(cache_path, &key, mode, el, undirected, reverse);
    }
    free(cache_path);
    return STATUS_OK;
}

/* ---- Attribute files ---- */

struct attribute_reader {
    const char *path;
    struct edge_list *el;
    const struct id_map *map;
    uint32_t communities;
    bool any_community; /* some line gave a community */
    uint64_t line;
    struct error *err;
};

/* The role named by the token at p (which ends at a separator), or -1. */
static int role_at(const char *p, size_t len)
{
    char name[32];
    if (len >= sizeof name) {
        return -1;
    }
    memcpy(name, p, len);
    name[len] = '\0';
    return role_from_name(name);
}

static int unknown_role(struct attribute_reader *ar, const char *line_start, const char *p)
{
    char rule[256];
    size_t w = (size_t)snprintf(rule, sizeof rule, "a role name (one of ");
    for (int r = 0; r < ROLE_COUNT; r++) {
        w += (size_t)snprintf(rule + w, sizeof rule - w, "%s\"%s\"", r ? ", " : "",
                              role_name((enum role)r));
    }
    snprintf(rule + w, sizeof rule - w, ")");
    return expected_at(ar->err, ar->path, ar->line, line_start, p, rule);
}

static int parse_attributes(struct attribute_reader *ar, const char *p, const char *end)
{
    struct edge_list *el = ar->el;
    while (p < end) {
        const char *line_start = p;
        ar->line++;
        p = skip_blanks(p);
        if (*p == '\n' || *p == '#') {
            p = next_line(p, end);
            continue;
        }
        const char *id_at = p;
        uint64_t key = 0;
        enum id_parse why = parse_id(&p, &key);
        if (why != ID_OK) {
            return bad_id(ar->err, ar->path, ar->line, line_start, p, why, "an account id");
        }
        p = skip_separator(p);
        const char *role_start = p;
        while (!ends_token(*p)) {
            p++;
        }
        int role = p > role_start ? role_at(role_start, (size_t)(p - role_start)) : -1;
        if (role < 0) {
            return unknown_role(ar, line_start, role_start);
        }
        p = skip_separator(p);
        uint64_t community = 0;
        if (*p != '\n' && *p != '#') {
            char rule[128];
            snprintf(rule, sizeof rule, "a community (an integer in [0, %" PRIu32 "])",
                     ar->communities - 1);
            const char *community_at = p;
            if (parse_id(&p, &community) != ID_OK || community >= ar->communities) {
                return expected_at(ar->err, ar->path, ar->line, line_start, community_at, rule);
            }
            ar->any_community = true;
            p = skip_blanks(p);
            if (*p != '\n' && *p != '#') {
                return expected_at(ar->err, ar->path, ar->line, line_start, p,
                                   "the end of the line after the community");
            }
        }
        uint32_t v = id_map_find(ar->map, key);
        if (v == NO_ACCOUNT) {
            return error_set(ar->err,
                             "%s:%" PRIu64 ":%zu: account %" PRIu64 " is not in the edge list",
                             ar->path, ar->line, column_of(line_start, id_at), key);
        }
        if (el->role[v] != UNLISTED) {
            return error_set(ar->err,
                             "%s:%" PRIu64 ":%zu: account %" PRIu64
                             " is listed a second time; each account may appear once",
                             ar->path, ar->line, column_of(line_start, id_at), key);
        }
        el->role[v] = (uint8_t)role;
        el->community[v] = (uint16_t)community;
        p = next_line(p, end);
    }
    return STATUS_OK;
}

int edgelist_read_attributes(const char *path, struct edge_list *el, uint32_t communities,
                             struct error *err)
{
    free(el->role);
    free(el->community);
    el->role = NULL;
    el->community = NULL;
    FILE *file = file_open_read(path, err);
    if (!file) {
        return STATUS_BAD_INPUT;
    }
    struct id_map map;
    id_map_init(&map, el->vertices);
    for (uint32_t v = 0; v < el->vertices; v++) {
        bool added = false;
        id_map_add(&map, el->original_id[v], hash_id(el->original_id[v]), &added);
    }
    el->role = xmalloc((el->vertices ? el->vertices : 1) * sizeof *el->role);
    memset(el->role, UNLISTED, el->vertices * sizeof *el->role);
    el->community = xcalloc(el->vertices, sizeof *el->community);
    struct attribute_reader ar = {
        .path = path,
        .el = el,
        .map = &map,
        .communities = communities,
        .any_community = false,
        .line = 0,
        .err = err,
    };
    struct line_reader lines;
    line_reader_init(&lines, file, path);
    int status = STATUS_OK;
    for (;;) {
        char *begin;
        char *end;
        status = next_lines(&lines, &begin, &end, err);
        if (status != STATUS_OK || begin == end) {
            break;
        }
        status = parse_attributes(&ar, begin, end);
        if (status != STATUS_OK) {
            break;
        }
    }
    line_reader_destroy(&lines);
    id_map_destroy(&map);
    fclose(file);
    if (status != STATUS_OK) {
        free(el->role);
        free(el->community);
        el->role = NULL;
        el->community = NULL;
        return status;
    }
    for (uint32_t v = 0; v < el->vertices; v++) {
        if (el->role[v] == UNLISTED) {
            el->role[v] = ROLE_USER;
        }
    }
    if (!ar.any_community) {
        free(el->community);
        el->community = NULL;
    }
    return STATUS_OK;
}
