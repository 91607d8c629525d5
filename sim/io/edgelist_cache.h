/* The binary cache of an edge list: what edgelist_read made of a text file
 * (its dense ids and the line pairs they form), stored next to it as
 * PATH.amplisim-cache so that the next run reads arrays instead of parsing
 * text and hashing ids again (docs/scenario.md, "Edge-list cache").
 *
 * A cache is used only for the exact bytes it was made from: its key is the
 * file's size, modification time and a 64-bit hash of its whole content,
 * and the content is hashed again at every use (a file rewritten to the
 * same size within the same mtime, or copied over with its mtime kept, is
 * caught by the hash). Its payload carries its own hash and every dense id
 * is checked, so a damaged cache is ignored, never trusted. Writing goes to
 * a temporary file renamed over the cache; when anything fails (a read-only
 * directory, a full disk) there is simply no cache. */
#ifndef AMPLISIM_EDGELIST_CACHE_H
#define AMPLISIM_EDGELIST_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../model/graph.h"

/* Files smaller than this are never cached: they parse in well under 0.1 s,
 * and small files (test data, examples) should not gain a companion. */
#define EDGELIST_CACHE_MIN_BYTES ((uint64_t)32 << 20)

/* A streaming 64-bit hash of a byte stream, the same whatever the pieces it
 * is fed in: four multiply-rotate lanes over 8-byte words, about 0.3 ns a
 * byte. Any change of one word changes its lane; it is a checksum against
 * accidents, not against an adversary. */
struct edgelist_hash {
    uint64_t lane[4];
    uint64_t bytes;
    unsigned char tail[32]; /* bytes not yet making a whole 32-byte block */
    size_t tail_len;
};

void edgelist_hash_init(struct edgelist_hash *h);
void edgelist_hash_feed(struct edgelist_hash *h, const void *data, size_t n);
uint64_t edgelist_hash_final(const struct edgelist_hash *h);

/* What identifies the text file a cache was made from. */
struct edgelist_key {
    uint64_t size;
    int64_t mtime_s;
    int64_t mtime_ns;
    uint64_t content_hash;
};

/* PATH.amplisim-cache, which the caller frees. */
char *edgelist_cache_path(const char *path);

/* Fills el (vertices, edges, self_loops, from, to, original_id; role and
 * community NULL) from the cache at cache_path when its key matches
 * key->size and mtime and the hash of file's content, read now from its
 * start, matches too; undirected and reverse are applied as edgelist_read
 * applies them, so el is what parsing the file would give, byte for byte.
 * Returns true with el owned by the caller (edge_list_destroy), or false
 * with el zeroed and file's position anywhere. O(file bytes + edges). */
bool edgelist_cache_load(const char *cache_path, FILE *file, const struct edgelist_key *key,
                         bool undirected, bool reverse, struct edge_list *el);

/* Writes el, read from the file that key describes with the given
 * undirected and reverse, as the cache at cache_path, with the file's
 * permission bits mode (st_mode). Best effort and silent: on any failure no
 * cache (and no temporary file) is left. O(edges). */
void edgelist_cache_store(const char *cache_path, const struct edgelist_key *key, unsigned mode,
                          const struct edge_list *el, bool undirected, bool reverse);

#endif
