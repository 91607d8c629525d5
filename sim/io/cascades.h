/* The cascade export (run --cascades): every post of the kept replicates,
 * one CSV row each, for comparison with real cascade data:
 *
 *     replicate,story,post,parent,account,role,community,source,time_h,depth,views
 *
 * post is the post's number within its replicate (parents come first),
 * parent the number of the post whose view led to it (empty for a root: a
 * campaign post, or a reshare of a recommended post), account the poster (on
 * a file graph, its id in the edge list), role and community the poster's,
 * source the role of the source it links (its own for a plain post), time_h
 * when it was posted, depth its reshare distance from its root, views the
 * views it drew. results/README.md documents the columns.
 *
 * Each replicate's rows are formatted by the thread that ran it, as it
 * ends. They stay text while the export's text is at most plain_max bytes,
 * and the file is then cascades.csv; past that the rows are compressed
 * (deflate with a gzip wrapper) as they are formatted, so a large export
 * holds compressed bytes, and the file is cascades.csv.gz: one gzip member
 * per replicate, after one for the header, which gzip, zlib, Python's gzip
 * module, pandas and R read as one stream. Which replicates were compressed
 * early depends on the threads' timing, but the file's bytes do not: they
 * are a function of the replicates alone. */
#ifndef AMPLISIM_CASCADES_H
#define AMPLISIM_CASCADES_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "../model/cascade.h"
#include "../model/config.h"
#include "../model/graph.h"

/* Text larger than this is gzip-compressed: 64 MiB, about a million posts. */
#define CASCADES_PLAIN_MAX ((size_t)64 << 20)

struct cascades_member {
    unsigned char *data; /* the replicate's rows: text, or a gzip member of them */
    size_t size;
    size_t text_size; /* the rows' bytes as text */
    bool gzipped;
};

struct cascades_export {
    uint32_t keep;                   /* replicates kept, slots 0 .. keep - 1 */
    uint32_t first_replicate;        /* the replicate in slot 0; slot i holds first + i */
    size_t plain_max;                /* text up to this is written plain */
    struct cascades_member *members; /* [keep] */
    atomic_size_t text_bytes;        /* the rows formatted so far, every thread's */
};

/* Prepares an export of replicates first_replicate .. first_replicate +
 * keep - 1. Release with cascades_export_destroy (accepts a zeroed one). */
void cascades_export_init(struct cascades_export *e, uint32_t keep, uint32_t first_replicate,
                          size_t plain_max);
void cascades_export_destroy(struct cascades_export *e);

/* Formats the posts of the forest c (replicate `replicate` of cfg on graph
 * g) into its slot, compressed once the export is large; nothing for a
 * replicate outside the kept ones. Calls for different replicates may run
 * at the same time. Cost: O(posts), about 60 bytes of text a post; some
 * 250 ns a post as text, 650 compressed. */
void cascades_export_add(struct cascades_export *e, uint32_t replicate, const struct config *cfg,
                         const struct graph *g, const struct cascade *c);

/* The file to write: its name ("cascades.csv" or "cascades.csv.gz") and
 * bytes (*data, *size; the caller frees *data). */
void cascades_export_file(const struct cascades_export *e, const char **name, char **data,
                          size_t *size);

#endif
