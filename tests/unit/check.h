/* A minimal test harness: each unit program is a list of behaviour-named
 * cases; RUN_CASE runs one and the program exits non-zero if any check fails.
 * Checks report the file, line and the failing expression. */
#ifndef AMPLISIM_CHECK_H
#define AMPLISIM_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int check_failures;
static int check_case_failed;

#define CHECK(cond)                                                                      \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            fprintf(stderr, "  %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);   \
            check_case_failed = 1;                                                       \
        }                                                                                \
    } while (0)

#define CHECK_NEAR(a, b, tol)                                                            \
    do {                                                                                 \
        double check_a_ = (a), check_b_ = (b), check_t_ = (tol);                         \
        if (!(fabs(check_a_ - check_b_) <= check_t_)) {                                  \
            fprintf(stderr, "  %s:%d: %s = %.10g, expected %s = %.10g within %.3g\n",    \
                    __FILE__, __LINE__, #a, check_a_, #b, check_b_, check_t_);           \
            check_case_failed = 1;                                                       \
        }                                                                                \
    } while (0)

#define CHECK_CONTAINS(haystack, needle)                                                 \
    do {                                                                                 \
        const char *check_h_ = (haystack), *check_n_ = (needle);                         \
        if (!check_h_ || !strstr(check_h_, check_n_)) {                                  \
            fprintf(stderr, "  %s:%d: \"%s\" does not contain \"%s\"\n", __FILE__,       \
                    __LINE__, check_h_ ? check_h_ : "(null)", check_n_);                 \
            check_case_failed = 1;                                                       \
        }                                                                                \
    } while (0)

#define RUN_CASE(fn)                                                                     \
    do {                                                                                 \
        check_case_failed = 0;                                                           \
        fn();                                                                            \
        printf("%s %s\n", check_case_failed ? "FAIL" : "ok  ", #fn);                     \
        check_failures += check_case_failed;                                             \
    } while (0)

#define CHECK_EXIT() (check_failures ? 1 : 0)

#endif
