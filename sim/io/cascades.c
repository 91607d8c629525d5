/* The cascade export (cascades.h): rows formatted in blocks; once the
 * export is large, each block is fed to deflate as it fills, so a replicate
 * of millions of posts never holds its whole text. */
#include "cascades.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "../base/alloc.h"
#include "../base/strbuf.h"
#include "csv.h"

static const char header[] =
    "replicate,story,post,parent,account,role,community,source,time_h,depth,views\n";

/* Rows are compressed a block at a time. */
#define BLOCK_BYTES (256u * 1024u)

/* zlib allocates through xmalloc: running out of memory aborts there, so a
 * zlib call can only fail on a misuse, which the assertions catch. */
static void *z_alloc(void *opaque, uInt items, uInt size)
{
    (void)opaque;
    return xmalloc((size_t)items * size);
}

static void z_free(void *opaque, void *p)
{
    (void)opaque;
    free(p);
}

/* A gzip member under construction. */
struct member_writer {
    z_stream z;
    struct cascades_member *m;
    size_t capacity;
};

static void writer_init(struct member_writer *w, struct cascades_member *m)
{
    memset(w, 0, sizeof *w);
    w->m = m;
    memset(m, 0, sizeof *m);
    m->gzipped = true;
    w->z.zalloc = z_alloc;
    w->z.zfree = z_free;
    /* 15 + 16: the largest window, with a gzip header and trailer. Level 1:
     * the export must cost little beside the run, and level 6 shrinks these
     * rows (random ids and times) only a fifth further. */
    int rc = deflateInit2(&w->z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    assert(rc == Z_OK);
    (void)rc;
}

/* Compresses len bytes of text; finish ends the member. */
static void writer_feed(struct member_writer *w, const char *text, size_t len, int finish)
{
    w->m->text_size += len;
    w->z.next_in = (unsigned char *)text;
    w->z.avail_in = (uInt)len;
    int flush = finish ? Z_FINISH : Z_NO_FLUSH;
    for (;;) {
        if (w->capacity - w->m->size < 65536) {
            w->capacity = w->capacity ? 2 * w->capacity : BLOCK_BYTES;
            w->m->data = xrealloc(w->m->data, w->capacity);
        }
        size_t room = w->capacity - w->m->size;
        w->z.next_out = w->m->data + w->m->size;
        w->z.avail_out = room > UINT32_MAX ? UINT32_MAX : (uInt)room;
        int rc = deflate(&w->z, flush);
        assert(rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR);
        w->m->size = (size_t)(w->z.next_out - w->m->data);
        if (finish ? rc == Z_STREAM_END : w->z.avail_in == 0 && w->z.avail_out > 0) {
            break;
        }
    }
    if (finish) {
        deflateEnd(&w->z);
    }
}

/* Text to a gzip member, in blocks (uInt counts at most 4 GiB at once). */
static void compress_text(const char *text, size_t len, struct cascades_member *m)
{
    struct member_writer w;
    writer_init(&w, m);
    while (len > BLOCK_BYTES) {
        writer_feed(&w, text, BLOCK_BYTES, 0);
        text += BLOCK_BYTES;
        len -= BLOCK_BYTES;
    }
    writer_feed(&w, text, len, 1);
}

void cascades_export_init(struct cascades_export *e, uint32_t keep, uint32_t first_replicate,
                          size_t plain_max)
{
    memset(e, 0, sizeof *e);
    e->keep = keep;
    e->first_replicate = first_replicate;
    e->plain_max = plain_max;
    e->members = xcalloc(keep ? keep : 1, sizeof *e->members);
    atomic_init(&e->text_bytes, 0);
}

void cascades_export_destroy(struct cascades_export *e)
{
    if (!e) {
        return;
    }
    for (uint32_t i = 0; e->members && i < e->keep; i++) {
        free(e->members[i].data);
    }
    free(e->members);
    memset(e, 0, sizeof *e);
}

/* Appends x in decimal and a separator: rows are mostly integers, and
 * printf's parsing of a format per field cost more than the rest of a row. */
static char *put_u64(char *at, uint64_t x, char separator)
{
    char digits[20];
    int n = 0;
    do {
        digits[n++] = (char)('0' + x % 10);
        x /= 10;
    } while (x > 0);
    while (n > 0) {
        *at++ = digits[--n];
    }
    *at++ = separator;
    return at;
}

static char *put_text(char *at, const char *text, char separator)
{
    size_t n = strlen(text);
    memcpy(at, text, n);
    at[n] = separator;
    return at + n + 1;
}

void cascades_export_add(struct cascades_export *e, uint32_t replicate, const struct config *cfg,
                         const struct graph *g, const struct cascade *c)
{
    if (replicate < e->first_replicate || replicate - e->first_replicate >= e->keep) {
        return;
    }
    struct cascades_member *m = &e->members[replicate - e->first_replicate];
    memset(m, 0, sizeof *m);
    struct member_writer w;
    bool packing = false; /* rows go to deflate block by block */
    size_t counted = 0;   /* of sb's bytes, those added to e->text_bytes */
    /* Each story's name as a CSV cell (quoted as csv.h writes text), once. */
    char **story = xmalloc((cfg->story_count ? cfg->story_count : 1) * sizeof *story);
    for (size_t s = 0; s < cfg->story_count; s++) {
        struct strbuf cell;
        strbuf_init(&cell);
        csv_write_text(&cell, cfg->stories[s].name);
        story[s] = cell.data;
    }
    struct strbuf sb;
    strbuf_init(&sb);
    for (size_t i = 0; i < c->count; i++) {
        const struct cascade_node *node = &c->nodes[i];
        uint32_t cell = graph_cell(g, node->account);
        int role = (int)(cell % ROLE_COUNT);
        uint64_t account = g->original_id ? g->original_id[node->account] : node->account;
        /* The longest row: six numbers of at most 20 digits, a time, two
         * role names and a quoted story name, well within this. */
        char row[256 + 4 * CONFIG_NAME_MAX];
        char *at = put_u64(row, replicate, ',');
        at = put_text(at, story[node->story], ',');
        at = put_u64(at, i, ',');
        if (node->parent != NO_NODE) {
            at = put_u64(at, node->parent, ',');
        } else {
            *at++ = ',';
        }
        at = put_u64(at, account, ',');
        at = put_text(at, role_name(role), ',');
        at = put_u64(at, cell / ROLE_COUNT, ',');
        at = put_text(at, role_name(node->source < 0 ? role : node->source), ',');
        at += snprintf(at, 32, "%.10g,", c->time_h[i]);
        at = put_u64(at, node->depth, ',');
        at = put_u64(at, c->views[i + 1], '\n');
        strbuf_append(&sb, row, (size_t)(at - row));
        if (sb.len - counted >= BLOCK_BYTES) {
            /* Once the export's text passes the plain file's size, this
             * replicate's rows go to deflate from here on: no export holds
             * much more text than that. */
            size_t fresh = sb.len - counted;
            size_t total = atomic_fetch_add(&e->text_bytes, fresh) + fresh;
            counted += fresh;
            if (!packing && total > e->plain_max) {
                writer_init(&w, m);
                packing = true;
            }
            if (packing) {
                writer_feed(&w, sb.data, sb.len, 0);
                sb.len = 0;
                sb.data[0] = '\0';
                counted = 0;
            }
        }
    }
    size_t fresh = sb.len - counted;
    size_t total = atomic_fetch_add(&e->text_bytes, fresh) + fresh;
    if (packing) {
        writer_feed(&w, sb.data ? sb.data : "", sb.len, 1);
    } else if (total > e->plain_max) {
        compress_text(sb.data ? sb.data : "", sb.len, m); /* the file will be gzip */
    } else {
        m->data = (unsigned char *)sb.data; /* the text is the member's now */
        m->size = m->text_size = sb.len;
        sb.data = NULL;
    }
    free(sb.data);
    for (size_t s = 0; s < cfg->story_count; s++) {
        free(story[s]);
    }
    free(story);
}

void cascades_export_file(const struct cascades_export *e, const char **name, char **data,
                          size_t *size)
{
    size_t text = sizeof header - 1;
    for (uint32_t i = 0; i < e->keep; i++) {
        text += e->members[i].text_size;
    }
    if (text <= e->plain_max) {
        *name = "cascades.csv";
        char *out = xmalloc(text + 1);
        memcpy(out, header, sizeof header - 1);
        size_t at = sizeof header - 1;
        for (uint32_t i = 0; i < e->keep; i++) {
            const struct cascades_member *m = &e->members[i];
            /* The shared count only grows, and a member is compressed only
             * once it has passed plain_max: then so has the file. */
            assert(!m->gzipped);
            if (m->size > 0) {
                memcpy(out + at, m->data, m->size);
            }
            at += m->text_size;
        }
        out[at] = '\0';
        *data = out;
        *size = at;
        return;
    }
    *name = "cascades.csv.gz";
    /* Every member compressed: those still text are compressed now. */
    struct cascades_member head, *packed = xcalloc(e->keep + 1, sizeof *packed);
    compress_text(header, sizeof header - 1, &head);
    size_t total = head.size;
    for (uint32_t i = 0; i < e->keep; i++) {
        const struct cascades_member *m = &e->members[i];
        if (m->gzipped) {
            packed[i] = *m;
        } else {
            compress_text(m->size ? (const char *)m->data : "", m->size, &packed[i]);
        }
        total += packed[i].size;
    }
    char *out = xmalloc(total ? total : 1);
    memcpy(out, head.data, head.size);
    size_t at = head.size;
    for (uint32_t i = 0; i < e->keep; i++) {
        memcpy(out + at, packed[i].data, packed[i].size);
        at += packed[i].size;
        if (!e->members[i].gzipped) {
            free(packed[i].data);
        }
    }
    free(head.data);
    free(packed);
    *data = out;
    *size = at;
}
