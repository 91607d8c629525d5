/* Unit tests for io/edgelist_cache.c through edgelist_read_cached: a cached
 * read gives the edge list parsing gives, byte for byte, in every reading
 * mode; a cache of other bytes (same size and mtime), a damaged or cut
 * cache is never used; a cache that cannot be written is skipped without a
 * trace; bad lines are refused as without the cache. Files live in a
 * scratch directory under /tmp; the minimum size is 0 so they are cached. */
#define _POSIX_C_SOURCE 200809L /* mkdir, utimensat, stat's st_mtim */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "fixture.h"
#include "io/edgelist.h"
#include "io/edgelist_cache.h"

static char dir[256];
static char text_path[320];
static char cache_path[340];

/* Sparse ids, both separators, comments, a self-loop, a duplicate, CRLF, and
 * a last line without '\n'. */
static const char EDGES[] = "# a follower graph\n"
                            "1000 2000\n"
                            "1000,3000   # comment\n"
                            "2000\t3000\r\n"
                            "3000 3000\n"
                            "42 1000\n"
                            "7 42\n"
                            "18446744073709551615 7\n"
                            "1000 2000\n"
                            "3000 1000";

static void write_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fwrite(text, 1, len, f);
        fclose(f);
    }
}

static void same_edge_list(const struct edge_list *a, const struct edge_list *b)
{
    CHECK(a->vertices == b->vertices && a->edges == b->edges && a->self_loops == b->self_loops);
    if (a->vertices == b->vertices && a->edges == b->edges) {
        CHECK(memcmp(a->from, b->from, a->edges * sizeof *a->from) == 0);
        CHECK(memcmp(a->to, b->to, a->edges * sizeof *a->to) == 0);
        CHECK(memcmp(a->original_id, b->original_id, a->vertices * sizeof *a->original_id) == 0);
    }
    CHECK(b->role == NULL && b->community == NULL);
}

/* The cache file's inode, or 0 when there is none: a cache that was used is
 * not written again, so its inode stays; a rewritten one gets a new one. */
static ino_t cache_inode(void)
{
    struct stat st;
    return stat(cache_path, &st) == 0 ? st.st_ino : 0;
}

/* Temporary files left in the scratch directory. */
static int temporaries(void)
{
    int count = 0;
    DIR *d = opendir(dir);
    struct dirent *entry;
    while (d && (entry = readdir(d)) != NULL) {
        count += strstr(entry->d_name, ".tmp.") != NULL;
    }
    if (d) {
        closedir(d);
    }
    return count;
}

static void parse_without_cache(bool undirected, bool reverse, struct edge_list *el)
{
    struct error err;
    CHECK(edgelist_read_cached(text_path, undirected, reverse, UINT64_MAX, el, &err) == STATUS_OK);
}

static void cached_read(bool undirected, bool reverse, struct edge_list *el)
{
    struct error err;
    CHECK(edgelist_read_cached(text_path, undirected, reverse, 0, el, &err) == STATUS_OK);
}

static void cache_gives_what_parsing_gives_in_every_mode(void)
{
    write_file(text_path, EDGES, strlen(EDGES));
    remove(cache_path);
    const bool modes[3][2] = {{false, false}, {false, true}, {true, false}};
    for (int m = 0; m < 3; m++) {
        struct edge_list parsed, first, again;
        parse_without_cache(modes[m][0], modes[m][1], &parsed);
        cached_read(modes[m][0], modes[m][1], &first); /* parses (or loads) and stores */
        ino_t stored = cache_inode();
        CHECK(stored != 0);
        cached_read(modes[m][0], modes[m][1], &again); /* loads */
        CHECK(cache_inode() == stored);
        same_edge_list(&parsed, &first);
        same_edge_list(&parsed, &again);
        edge_list_destroy(&parsed);
        edge_list_destroy(&first);
        edge_list_destroy(&again);
    }
    CHECK(temporaries() == 0);
}

static void cache_of_other_bytes_with_the_same_size_and_mtime_is_not_used(void)
{
    write_file(text_path, EDGES, strlen(EDGES));
    remove(cache_path);
    struct edge_list el;
    cached_read(false, false, &el);
    edge_list_destroy(&el);
    struct stat before;
    CHECK(stat(text_path, &before) == 0);
    ino_t stored = cache_inode();
    /* Same length, one id changed, and the old mtime put back (as cp -p or
     * rsync -a would): only the content hash can tell. */
    char changed[sizeof EDGES];
    memcpy(changed, EDGES, sizeof EDGES);
    char *at = strstr(changed, "7 42");
    *at = '9';
    write_file(text_path, changed, strlen(changed));
    struct timespec times[2] = {before.st_atim, before.st_mtim};
    CHECK(utimensat(AT_FDCWD, text_path, times, 0) == 0);
    struct stat after;
    CHECK(stat(text_path, &after) == 0 && after.st_size == before.st_size &&
          after.st_mtim.tv_sec == before.st_mtim.tv_sec &&
          after.st_mtim.tv_nsec == before.st_mtim.tv_nsec);
    struct edge_list parsed, cached;
    parse_without_cache(false, false, &parsed);
    cached_read(false, false, &cached);
    same_edge_list(&parsed, &cached);
    CHECK(cached.original_id[4] == 9); /* "9 42" now, not "7 42" */
    CHECK(cache_inode() != stored);    /* the stale cache was replaced */
    edge_list_destroy(&parsed);
    edge_list_destroy(&cached);
}

/* Flips the bits mask of the cache's byte from_end bytes before its end. */
static void damage_cache(long from_end, int mask)
{
    FILE *f = fopen(cache_path, "r+b");
    CHECK(f != NULL);
    if (f) {
        fseek(f, -from_end, SEEK_END);
        int c = fgetc(f);
        fseek(f, -from_end, SEEK_END);
        fputc(c ^ mask, f);
        fclose(f);
    }
}

static void damaged_or_cut_cache_is_not_used(void)
{
    write_file(text_path, EDGES, strlen(EDGES));
    struct edge_list parsed;
    parse_without_cache(true, false, &parsed);
    for (int kind = 0; kind < 3; kind++) {
        remove(cache_path);
        struct edge_list el;
        cached_read(true, false, &el);
        edge_list_destroy(&el);
        if (kind == 0) {
            /* The last pair's second id, 0, made 1: still a valid dense
             * id, so only the payload's hash can tell. */
            damage_cache(4, 0x01);
        } else if (kind == 1) {
            damage_cache(8 * 8 + 1, 0x10); /* an original id, before the 8 pairs */
        } else {
            struct stat st;
            CHECK(stat(cache_path, &st) == 0 && truncate(cache_path, st.st_size - 8) == 0);
        }
        ino_t damaged = cache_inode();
        cached_read(true, false, &el);
        same_edge_list(&parsed, &el);
        CHECK(cache_inode() != damaged);
        edge_list_destroy(&el);
    }
    edge_list_destroy(&parsed);
}

static void cache_that_cannot_be_written_is_skipped_silently(void)
{
    write_file(text_path, EDGES, strlen(EDGES));
    remove(cache_path);
    /* A directory where the cache would go: the rename fails, as it would
     * in a read-only directory (which root, running the tests, ignores). */
    CHECK(mkdir(cache_path, 0755) == 0);
    struct edge_list parsed, el;
    parse_without_cache(false, false, &parsed);
    struct error err;
    CHECK(edgelist_read_cached(text_path, false, false, 0, &el, &err) == STATUS_OK);
    same_edge_list(&parsed, &el);
    CHECK(temporaries() == 0);
    edge_list_destroy(&parsed);
    edge_list_destroy(&el);
    rmdir(cache_path);
    if (geteuid() != 0) {
        CHECK(chmod(dir, 0555) == 0);
        CHECK(edgelist_read_cached(text_path, false, false, 0, &el, &err) == STATUS_OK);
        CHECK(cache_inode() == 0 && temporaries() == 0);
        edge_list_destroy(&el);
        CHECK(chmod(dir, 0755) == 0);
    }
}

static void bad_lines_are_refused_as_without_the_cache_and_not_cached(void)
{
    static const char *const bad[] = {"1 2\n3 x4\n", "1 2\n-2 3\n", "1 2 3\n", "5 5\n", ""};
    static const char *const message[] = {
        ":2:3: expected a second account id (a non-negative integer), got \"x4\"",
        ":2:1: expected an account id (a non-negative integer), got \"-2\"",
        ":1:5: expected the end of the line after two ids, got \"3\"",
        ": no edges (only self-loops, which are dropped)", ": no edges"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        write_file(text_path, bad[i], strlen(bad[i]));
        remove(cache_path);
        struct edge_list el;
        struct error err;
        CHECK(edgelist_read_cached(text_path, false, false, 0, &el, &err) == STATUS_BAD_INPUT);
        char expected[512];
        snprintf(expected, sizeof expected, "%s%s", text_path, message[i]);
        CHECK_CONTAINS(err.message, expected);
        CHECK(el.from == NULL && el.edges == 0);
        CHECK(cache_inode() == 0 && temporaries() == 0);
    }
}

static void content_hash_does_not_depend_on_how_the_bytes_are_fed(void)
{
    char bytes[1000];
    for (size_t i = 0; i < sizeof bytes; i++) {
        bytes[i] = (char)(i * 7 + 3);
    }
    struct edgelist_hash whole, pieces;
    edgelist_hash_init(&whole);
    edgelist_hash_feed(&whole, bytes, sizeof bytes);
    const size_t cuts[] = {1, 7, 31, 32, 33, 100, 255};
    for (size_t c = 0; c < sizeof cuts / sizeof cuts[0]; c++) {
        edgelist_hash_init(&pieces);
        for (size_t at = 0; at < sizeof bytes; at += cuts[c]) {
            size_t n = sizeof bytes - at < cuts[c] ? sizeof bytes - at : cuts[c];
            edgelist_hash_feed(&pieces, bytes + at, n);
        }
        CHECK(edgelist_hash_final(&pieces) == edgelist_hash_final(&whole));
    }
    /* One changed byte, anywhere, changes the hash; so does the length. */
    for (size_t i = 0; i < sizeof bytes; i += 37) {
        bytes[i] ^= 1;
        edgelist_hash_init(&pieces);
        edgelist_hash_feed(&pieces, bytes, sizeof bytes);
        CHECK(edgelist_hash_final(&pieces) != edgelist_hash_final(&whole));
        bytes[i] ^= 1;
    }
    edgelist_hash_init(&pieces);
    edgelist_hash_feed(&pieces, bytes, sizeof bytes - 1);
    CHECK(edgelist_hash_final(&pieces) != edgelist_hash_final(&whole));
}

int main(void)
{
    fixture_scratch_path("edgelist_cache", dir, sizeof dir);
    mkdir(dir, 0755);
    snprintf(text_path, sizeof text_path, "%s/edges.txt", dir);
    snprintf(cache_path, sizeof cache_path, "%s/edges.txt.amplisim-cache", dir);
    RUN_CASE(cache_gives_what_parsing_gives_in_every_mode);
    RUN_CASE(cache_of_other_bytes_with_the_same_size_and_mtime_is_not_used);
    RUN_CASE(damaged_or_cut_cache_is_not_used);
    RUN_CASE(cache_that_cannot_be_written_is_skipped_silently);
    RUN_CASE(bad_lines_are_refused_as_without_the_cache_and_not_cached);
    RUN_CASE(content_hash_does_not_depend_on_how_the_bytes_are_fed);
    remove(text_path);
    remove(cache_path);
    rmdir(dir);
    return CHECK_EXIT();
}
