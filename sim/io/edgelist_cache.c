/* The edge-list cache: a header holding the text file's key and the
 * payload's size and hash, then the payload, in the machine's byte order:
 * original_id[vertices] (64-bit), then one (first, second) pair of 32-bit
 * dense ids per edge line, self-loops left out, in the file's order. The
 * pairs are stored before undirected or reverse is applied, so one cache
 * serves every way of reading the file. */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fileno */
#include "edgelist_cache.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/alloc.h"
#include "edgelist.h"

#define CACHE_MAGIC "AMPEDGC\n"
#define CACHE_VERSION 1u
#define BYTE_ORDER_MARK 0x01020304u
#define CHUNK_PAIRS ((size_t)1 << 16) /* pairs moved per read or write */
#define HASH_BLOCK_BYTES ((size_t)1 << 20)

/* ---- The content hash ---- */

static const uint64_t PRIME_1 = UINT64_C(0x9E3779B185EBCA87);
static const uint64_t PRIME_2 = UINT64_C(0xC2B2AE3D27D4EB4F);

static inline uint64_t rotl(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

static inline uint64_t load64(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
    return w;
}

static inline void mix_block(uint64_t *lane, const unsigned char *p)
{
    for (int i = 0; i < 4; i++) {
        lane[i] = rotl(lane[i] + load64(p + 8 * i) * PRIME_2, 31) * PRIME_1;
    }
}

void edgelist_hash_init(struct edgelist_hash *h)
{
    memset(h, 0, sizeof *h);
    for (int i = 0; i < 4; i++) {
        h->lane[i] = PRIME_1 * (uint64_t)(i + 1);
    }
}

void edgelist_hash_feed(struct edgelist_hash *h, const void *data, size_t n)
{
    const unsigned char *p = data;
    h->bytes += n;
    if (h->tail_len > 0) {
        size_t take = sizeof h->tail - h->tail_len;
        take = take < n ? take : n;
        memcpy(h->tail + h->tail_len, p, take);
        h->tail_len += take;
        p += take;
        n -= take;
        if (h->tail_len < sizeof h->tail) {
            return;
        }
        mix_block(h->lane, h->tail);
        h->tail_len = 0;
    }
    /* Lanes in locals: the stores to h could alias p otherwise. */
    uint64_t lane[4] = {h->lane[0], h->lane[1], h->lane[2], h->lane[3]};
    for (; n >= 32; p += 32, n -= 32) {
        mix_block(lane, p);
    }
    memcpy(h->lane, lane, sizeof lane);
    memcpy(h->tail, p, n);
    h->tail_len = n;
}

uint64_t edgelist_hash_final(const struct edgelist_hash *h)
{
    uint64_t x = h->bytes * PRIME_1;
    for (int i = 0; i < 4; i++) {
        x = rotl(x ^ h->lane[i], 27) * PRIME_2;
    }
    for (size_t i = 0; i < h->tail_len; i++) {
        x = rotl(x ^ h->tail[i], 11) * PRIME_1;
    }
    x ^= x >> 33;
    x *= PRIME_2;
    return x ^ (x >> 29);
}

/* ---- The file ---- */

struct cache_header {
    char magic[8];
    uint32_t version;
    uint32_t byte_order;
    struct edgelist_key key;
    uint64_t vertices;
    uint64_t pairs;
    uint64_t self_loops;
    uint64_t payload_hash;
};

char *edgelist_cache_path(const char *path)
{
    static const char suffix[] = ".amplisim-cache";
    size_t len = strlen(path);
    char *cache = xmalloc(len + sizeof suffix);
    memcpy(cache, path, len);
    memcpy(cache + len, suffix, sizeof suffix);
    return cache;
}

/* Hashes file's content from its start. */
static bool hash_content(FILE *file, uint64_t *hash)
{
    if (fseek(file, 0, SEEK_SET) != 0) {
        return false;
    }
    struct edgelist_hash h;
    edgelist_hash_init(&h);
    char *block = xmalloc(HASH_BLOCK_BYTES);
    size_t got;
    while ((got = fread(block, 1, HASH_BLOCK_BYTES, file)) > 0) {
        edgelist_hash_feed(&h, block, got);
    }
    bool ok = !ferror(file);
    free(block);
    *hash = edgelist_hash_final(&h);
    return ok;
}

static bool same_file(const struct edgelist_key *a, const struct edgelist_key *b)
{
    return a->size == b->size && a->mtime_s == b->mtime_s && a->mtime_ns == b->mtime_ns;
}

/* Reads and checks the header: format, key (without the content hash) and
 * the cache's own size. */
static bool read_header(FILE *cache, const struct edgelist_key *key, struct cache_header *hd)
{
    if (fread(hd, sizeof *hd, 1, cache) != 1 || memcmp(hd->magic, CACHE_MAGIC, 8) != 0 ||
        hd->version != CACHE_VERSION || hd->byte_order != BYTE_ORDER_MARK ||
        !same_file(&hd->key, key) || hd->vertices < 2 || hd->vertices > EDGELIST_ACCOUNTS_MAX ||
        hd->pairs == 0 || hd->pairs > (UINT64_MAX / 2 - sizeof *hd) / 16) {
        return false;
    }
    struct stat st;
    return fstat(fileno(cache), &st) == 0 &&
           (uint64_t)st.st_size == sizeof *hd + 8 * hd->vertices + 8 * hd->pairs;
}

/* Reads the payload into el, hashing it and checking every dense id. */
static bool read_payload(FILE *cache, const struct cache_header *hd, bool undirected, bool reverse,
                         struct edge_list *el)
{
    struct edgelist_hash h;
    edgelist_hash_init(&h);
    el->vertices = (uint32_t)hd->vertices;
    el->self_loops = hd->self_loops;
    el->edges = undirected ? 2 * hd->pairs : hd->pairs;
    el->original_id = xmalloc(hd->vertices * sizeof *el->original_id);
    if (fread(el->original_id, sizeof *el->original_id, hd->vertices, cache) != hd->vertices) {
        return false;
    }
    edgelist_hash_feed(&h, el->original_id, hd->vertices * sizeof *el->original_id);
    el->from = xmalloc_huge(el->edges * sizeof *el->from);
    el->to = xmalloc_huge(el->edges * sizeof *el->to);
    uint32_t *chunk = xmalloc(2 * CHUNK_PAIRS * sizeof *chunk);
    uint32_t largest = 0;
    bool ok = true;
    for (uint64_t done = 0; ok && done < hd->pairs;) {
        size_t want = hd->pairs - done < CHUNK_PAIRS ? (size_t)(hd->pairs - done) : CHUNK_PAIRS;
        if (fread(chunk, 2 * sizeof *chunk, want, cache) != want) {
            ok = false;
            break;
        }
        edgelist_hash_feed(&h, chunk, want * 2 * sizeof *chunk);
        /* The same entries, in the same order, as edgelist_read's push_edge. */
        for (size_t i = 0; i < want; i++) {
            uint32_t a = chunk[2 * i], b = chunk[2 * i + 1];
            largest = a > largest ? a : largest;
            largest = b > largest ? b : largest;
            ok &= a != b;
            if (undirected) {
                uint64_t e = 2 * (done + i);
                el->from[e] = a;
                el->to[e] = b;
                el->from[e + 1] = b;
                el->to[e + 1] = a;
            } else {
                el->from[done + i] = reverse ? b : a;
                el->to[done + i] = reverse ? a : b;
            }
        }
        done += want;
    }
    free(chunk);
    return ok && largest < hd->vertices && edgelist_hash_final(&h) == hd->payload_hash;
}

bool edgelist_cache_load(const char *cache_path, FILE *file, const struct edgelist_key *key,
                         bool undirected, bool reverse, struct edge_list *el)
{
    memset(el, 0, sizeof *el);
    FILE *cache = fopen(cache_path, "rb");
    if (!cache) {
        return false;
    }
    struct cache_header hd;
    uint64_t content_hash = 0;
    bool ok = read_header(cache, key, &hd) && hash_content(file, &content_hash) &&
              content_hash == hd.key.content_hash &&
              read_payload(cache, &hd, undirected, reverse, el);
    fclose(cache);
    if (!ok) {
        edge_list_destroy(el);
    }
    return ok;
}

/* Writes the payload after the header's place, hashing it. */
static bool write_payload(FILE *out, const struct edge_list *el, bool undirected, bool reverse,
                          uint64_t pairs, uint64_t *payload_hash)
{
    struct edgelist_hash h;
    edgelist_hash_init(&h);
    size_t ids = el->vertices;
    if (fwrite(el->original_id, sizeof *el->original_id, ids, out) != ids) {
        return false;
    }
    edgelist_hash_feed(&h, el->original_id, ids * sizeof *el->original_id);
    uint32_t *chunk = xmalloc(2 * CHUNK_PAIRS * sizeof *chunk);
    bool ok = true;
    for (uint64_t done = 0; ok && done < pairs;) {
        size_t want = pairs - done < CHUNK_PAIRS ? (size_t)(pairs - done) : CHUNK_PAIRS;
        for (size_t i = 0; i < want; i++) {
            /* Undo what the reading mode did to each line's pair. */
            uint64_t e = undirected ? 2 * (done + i) : done + i;
            chunk[2 * i] = reverse && !undirected ? el->to[e] : el->from[e];
            chunk[2 * i + 1] = reverse && !undirected ? el->from[e] : el->to[e];
        }
        edgelist_hash_feed(&h, chunk, want * 2 * sizeof *chunk);
        ok = fwrite(chunk, 2 * sizeof *chunk, want, out) == want;
        done += want;
    }
    free(chunk);
    *payload_hash = edgelist_hash_final(&h);
    return ok;
}

void edgelist_cache_store(const char *cache_path, const struct edgelist_key *key, unsigned mode,
                          const struct edge_list *el, bool undirected, bool reverse)
{
    if (el->edges == 0 || el->vertices < 2 || (undirected && el->edges % 2 != 0)) {
        return;
    }
    size_t len = strlen(cache_path);
    char *tmp = xmalloc(len + 16);
    memcpy(tmp, cache_path, len);
    memcpy(tmp + len, ".tmp.XXXXXX", 12);
    /* mkstemp, not a name from the pid: threads of a sweep may store the
     * same cache at once, each into its own temporary file. */
    int fd = mkstemp(tmp);
    if (fd < 0) {
        free(tmp); /* e.g. a read-only directory: no cache, silently */
        return;
    }
    FILE *out = fdopen(fd, "wb");
    if (!out) {
        close(fd);
        remove(tmp);
        free(tmp);
        return;
    }
    struct cache_header hd;
    memset(&hd, 0, sizeof hd);
    memcpy(hd.magic, CACHE_MAGIC, 8);
    hd.version = CACHE_VERSION;
    hd.byte_order = BYTE_ORDER_MARK;
    hd.key = *key;
    hd.vertices = el->vertices;
    hd.pairs = undirected ? el->edges / 2 : el->edges;
    hd.self_loops = el->self_loops;
    /* The header goes last, once the payload's hash is known: a cache cut
     * short has no valid header. */
    bool ok = fseek(out, (long)sizeof hd, SEEK_SET) == 0 &&
              write_payload(out, el, undirected, reverse, hd.pairs, &hd.payload_hash) &&
              fseek(out, 0, SEEK_SET) == 0 && fwrite(&hd, sizeof hd, 1, out) == 1;
    ok = fclose(out) == 0 && ok;
    /* The text file's read and write bits, not mkstemp's 0600: the cache
     * holds the same data, for the same readers. */
    ok = ok && chmod(tmp, (mode_t)(mode & 0666)) == 0 && rename(tmp, cache_path) == 0;
    if (!ok) {
        remove(tmp);
    }
    free(tmp);
}
