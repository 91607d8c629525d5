/* The cascade export (io/cascades.c): a large export is gzip, one member per
 * replicate after the header's, and inflates to exactly the plain file
 * however early its replicates were compressed; a replicate outside the
 * kept ones is not exported; rows follow the forest. */
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "check.h"
#include "fixture.h"
#include "io/cascades.h"
#include "io/scenario.h"

/* About 11,000 posts a replicate, 640 KB of rows: several blocks each. */
static const char scenario[] =
    "{\"name\": \"export\", \"seed\": 9, \"replicates\": 3, \"duration_h\": 24,"
    " \"population\": {\"accounts\": 6000, \"roles\": {\"bot\": {\"count\": 300},"
    "   \"user\": {\"share_prob\": 0.04}}},"
    " \"stories\": [{\"name\": \"rumour, quoted\"}, {\"name\": \"other\"}],"
    " \"campaign\": {\"actions\": [{\"at_h\": 1, \"story\": \"rumour, quoted\","
    "   \"select\": {\"role\": \"bot\", \"count\": 300}},"
    "   {\"at_h\": 2, \"story\": \"other\", \"select\": {\"role\": \"bot\", \"count\": 50}}]}}";

/* Inflates every gzip member of data in turn, as gzip -d does. */
static char *gunzip_all(const char *data, size_t size, size_t *out_size)
{
    size_t cap = 1 << 20, len = 0;
    char *out = malloc(cap);
    z_stream z;
    memset(&z, 0, sizeof z);
    CHECK(inflateInit2(&z, 15 + 16) == Z_OK);
    z.next_in = (unsigned char *)data;
    z.avail_in = (uInt)size;
    while (z.avail_in > 0) {
        if (cap - len < 65536) {
            cap *= 2;
            out = realloc(out, cap);
        }
        z.next_out = (unsigned char *)out + len;
        z.avail_out = (uInt)(cap - len);
        int rc = inflate(&z, Z_NO_FLUSH);
        len = cap - z.avail_out;
        if (rc == Z_STREAM_END) {
            inflateReset(&z); /* the next member */
        } else {
            CHECK(rc == Z_OK);
            if (rc != Z_OK) {
                break;
            }
        }
    }
    inflateEnd(&z);
    *out_size = len;
    return out;
}

static void large_exports_are_gzip_and_inflate_to_the_plain_file(void)
{
    struct config cfg;
    struct error err;
    error_clear(&err);
    CHECK(scenario_parse(scenario, "test", NULL, 0, &cfg, &err) == STATUS_OK);
    struct fixture_sim f;
    if (fixture_sim_init(&f, &cfg) != 0) {
        fixture_sim_destroy(&f);
        config_destroy(&cfg);
        return;
    }
    /* Plain; compressed from the first row on; and text until the second
     * replicate passes the limit half way, the first compressed at the end. */
    enum { WAYS = 3 };
    static const size_t plain_max[WAYS] = {CASCADES_PLAIN_MAX, 0, 900000};
    struct cascades_export e[WAYS];
    for (int k = 0; k < WAYS; k++) {
        cascades_export_init(&e[k], 2, 0, plain_max[k]);
    }
    size_t posts = 0;
    for (uint32_t r = 0; r < 3; r++) {
        fixture_sim_run(&f, r);
        for (int k = 0; k < WAYS; k++) {
            cascades_export_add(&e[k], r, &cfg, &f.world.graph, &f.ws.cascade);
        }
        posts += r < 2 ? f.ws.cascade.count : 0;
    }
    CHECK(posts > 15000);
    CHECK(!e[0].members[0].gzipped && e[1].members[0].gzipped);
    CHECK(!e[2].members[0].gzipped && e[2].members[1].gzipped);
    const char *name[WAYS];
    char *data[WAYS];
    size_t size[WAYS];
    for (int k = 0; k < WAYS; k++) {
        cascades_export_file(&e[k], &name[k], &data[k], &size[k]);
    }
    CHECK(strcmp(name[0], "cascades.csv") == 0);
    for (int k = 1; k < WAYS; k++) {
        CHECK(strcmp(name[k], "cascades.csv.gz") == 0);
        CHECK(size[k] < size[0] / 2);
        size_t inflated_size;
        char *inflated = gunzip_all(data[k], size[k], &inflated_size);
        CHECK(inflated_size == size[0] && memcmp(inflated, data[0], size[0]) == 0);
        free(inflated);
    }
    /* A header, then one row per post of replicates 0 and 1 (not 2). */
    size_t lines = 0;
    for (size_t i = 0; i < size[0]; i++) {
        lines += data[0][i] == '\n';
    }
    CHECK(lines == posts + 1);
    CHECK(strstr(data[0], "\n2,") == NULL);
    CHECK_CONTAINS(data[0], ",\"rumour, quoted\",0,,"); /* a quoted name; a root's empty parent */
    for (int k = 0; k < WAYS; k++) {
        free(data[k]);
        cascades_export_destroy(&e[k]);
    }
    fixture_sim_destroy(&f);
    config_destroy(&cfg);
}

int main(void)
{
    RUN_CASE(large_exports_are_gzip_and_inflate_to_the_plain_file);
    return CHECK_EXIT();
}
