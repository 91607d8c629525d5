/* Non-cryptographic hashes of text, for checksums and fingerprints: FNV-1a
 * (Fowler, Noll, Vo). Not for hash tables keyed by attacker-chosen text. */
#ifndef AMPLISIM_HASH_H
#define AMPLISIM_HASH_H

#include <stddef.h>
#include <stdint.h>

/* FNV-1a 32 of n bytes: a log line's checksum. */
static inline uint32_t hash_fnv32(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    }
    return h;
}

/* FNV-1a 64 of a NUL-terminated text, continuing from h (start from
 * HASH_FNV64_START): a fingerprint built from several texts. */
#define HASH_FNV64_START UINT64_C(0xcbf29ce484222325)
static inline uint64_t hash_fnv64(uint64_t h, const char *text)
{
    for (const char *c = text; *c; c++) {
        h = (h ^ (uint8_t)*c) * UINT64_C(0x100000001b3);
    }
    return h;
}

#endif
