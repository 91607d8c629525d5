/* Edge-list files: a real follower graph as one "A B" line per edge, and an
 * optional attribute file giving accounts' roles and communities. Both fill
 * the model's plain struct edge_list (model/graph.h), which graph_from_edges
 * turns into a graph. docs/scenario.md describes the formats.
 *
 * Messages name the file, the 1-based line and column (in characters) and
 * what was expected, on one line:
 *     graph.txt:17:5: expected a second account id (a non-negative integer), got "x"
 *     graph.txt:9:12: expected the end of the line after two ids, got "7"
 *     graph.txt: no edges
 *     roles.txt:4:4: expected a role name (one of "user", ...), got "admin" */
#ifndef AMPLISIM_EDGELIST_H
#define AMPLISIM_EDGELIST_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/error.h"
#include "../model/graph.h"

/* The most distinct account ids an edge list may hold: dense ids must fit
 * in an account_id with NO_ACCOUNT and one spare value left over. */
#define EDGELIST_ACCOUNTS_MAX (UINT32_MAX - 1u)

/* Reads the edge list at path into *el. A line "A B" means information flows
 * from A to B (B follows A): from = A, to = B; reverse swaps the two, and
 * undirected adds both directions. Ids are decimal integers in [0, 2^64 - 1],
 * made dense (0 .. vertices - 1) in order of first appearance, with the ids
 * as written kept in el->original_id. Self-loops are dropped and counted in
 * el->self_loops; duplicate edges are kept (graph_from_edges drops them).
 * el->role and el->community are left NULL.
 *
 * Returns STATUS_OK with el owned by the caller (edge_list_destroy);
 * STATUS_BAD_INPUT for a missing or unreadable file or bad content, and
 * STATUS_FAILURE for an I/O error while reading, each with err filled and el
 * left zeroed. Reads the file once in 1 MiB blocks: O(lines) time, 8 bytes per
 * edge (16 when undirected) plus 30 to 50 bytes per distinct id while reading.
 *
 * A file of EDGELIST_CACHE_MIN_BYTES or more is cached (edgelist_cache.h):
 * when PATH.amplisim-cache was made from the same bytes, el is loaded from
 * it, identical to what parsing gives; otherwise the file is parsed and,
 * when it parses, the cache is written if the directory allows. */
int edgelist_read(const char *path, bool undirected, bool reverse, struct edge_list *el,
                  struct error *err);

/* edgelist_read with the size from which a file is cached (tests pass 0;
 * UINT64_MAX turns the cache off). */
int edgelist_read_cached(const char *path, bool undirected, bool reverse, uint64_t cache_min_bytes,
                         struct edge_list *el, struct error *err);

/* Reads the attribute file at path: lines "id role [community]", separated by
 * whitespace or one comma, '#' starting a comment. Every id must be one of
 * el's accounts and appear at most once; role is a role name; community an
 * integer in [0, communities). Fills el->role and el->community, each
 * [el->vertices]: accounts the file does not list are users of community 0.
 * When no line gives a community, el->community stays NULL, so that
 * communities are drawn from the scenario's weights instead.
 *
 * Returns STATUS_OK, or STATUS_BAD_INPUT / STATUS_FAILURE as edgelist_read
 * does, with el->role and el->community left NULL. O(lines + vertices). */
int edgelist_read_attributes(const char *path, struct edge_list *el, uint32_t communities,
                             struct error *err);

#endif
