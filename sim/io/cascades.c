/* The cascade export (cascades.h): rows formatted in blocks and fed to
 * deflate as they fill, so a replicate of millions of posts never holds its
 * whole text. */
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
    w->z.zalloc = z_alloc;
    w->z.zfree = z_free;
    /* 15 + 16: the largest window, with a gzip header and trailer. Level 1:
     * CSV digits compress about 5x even at the fastest level, and the export
     * must cost little beside the run. */
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

void cascades_export_init(struct cascades_export *e, uint32_t keep, uint32_t first_replicate,
                          size_t plain_max)
{
    memset(e, 0, sizeof *e);
    e->keep = keep;
    e->first_replicate = first_replicate;
    e->plain_max = plain_max;
    e->members = xcalloc(keep ? keep : 1, sizeof *e->members);
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

void cascades_export_add(struct cascades_export *e, uint32_t replicate, const struct config *cfg,
                         const struct graph *g, const struct cascade *c)
{
    if (replicate < e->first_replicate || replicate - e->first_replicate >= e->keep) {
        return;
    }
    struct member_writer w;
    writer_init(&w, &e->members[replicate - e->first_replicate]);
    struct strbuf sb;
    strbuf_init(&sb);
    for (size_t i = 0; i < c->count; i++) {
        const struct cascade_node *node = &c->nodes[i];
        int role = graph_role(g, node->account);
        strbuf_printf(&sb, "%u,", replicate);
        csv_write_text(&sb, cfg->stories[node->story].name);
        strbuf_printf(&sb, ",%zu,", i);
        if (node->parent != NO_NODE) {
            strbuf_printf(&sb, "%u", node->parent);
        }
        unsigned long long account = g->original_id ? g->original_id[node->account] : node->account;
        strbuf_printf(&sb, ",%llu,%s,%u,%s,%.10g,%u,%u\n", account, role_name(role),
                      graph_community(g, node->account),
                      role_name(node->source < 0 ? role : node->source), c->time_h[i],
                      (unsigned)node->depth, c->views[i + 1]);
        if (sb.len >= BLOCK_BYTES) {
            writer_feed(&w, sb.data, sb.len, 0);
            sb.len = 0;
            sb.data[0] = '\0';
        }
    }
    writer_feed(&w, sb.data ? sb.data : "", sb.len, 1);
    strbuf_destroy(&sb);
}

/* Inflates the gzip member m into out (which has room for its text). */
static void inflate_member(const struct cascades_member *m, char *out)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    z.zalloc = z_alloc;
    z.zfree = z_free;
    int rc = inflateInit2(&z, 15 + 16);
    assert(rc == Z_OK);
    z.next_in = m->data;
    z.avail_in = (uInt)m->size;
    z.next_out = (unsigned char *)out;
    z.avail_out = (uInt)m->text_size;
    rc = inflate(&z, Z_FINISH);
    assert(rc == Z_STREAM_END && z.avail_out == 0);
    (void)rc;
    inflateEnd(&z);
}

void cascades_export_file(const struct cascades_export *e, const char **name, char **data,
                          size_t *size)
{
    size_t text = sizeof header - 1, packed = 0;
    for (uint32_t i = 0; i < e->keep; i++) {
        text += e->members[i].text_size;
    }
    struct cascades_member head;
    if (text <= e->plain_max) {
        *name = "cascades.csv";
        char *out = xmalloc(text + 1);
        memcpy(out, header, sizeof header - 1);
        size_t at = sizeof header - 1;
        for (uint32_t i = 0; i < e->keep; i++) {
            inflate_member(&e->members[i], out + at);
            at += e->members[i].text_size;
        }
        out[at] = '\0';
        *data = out;
        *size = at;
        return;
    }
    *name = "cascades.csv.gz";
    struct member_writer w;
    writer_init(&w, &head);
    writer_feed(&w, header, sizeof header - 1, 1);
    packed = head.size;
    for (uint32_t i = 0; i < e->keep; i++) {
        packed += e->members[i].size;
    }
    char *out = xmalloc(packed ? packed : 1);
    memcpy(out, head.data, head.size);
    size_t at = head.size;
    for (uint32_t i = 0; i < e->keep; i++) {
        memcpy(out + at, e->members[i].data, e->members[i].size);
        at += e->members[i].size;
    }
    free(head.data);
    *data = out;
    *size = at;
}
