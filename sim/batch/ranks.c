/* MPI, behind a few calls, or a single rank when it is not built or not
 * launched. */
#include "ranks.h"

#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"

#ifdef AMPLISIM_MPI
#include <mpi.h>
#endif

#ifdef AMPLISIM_MPI
static bool active; /* MPI_Init was called: this process is one of several ranks */
#endif
static uint32_t rank_, size_ = 1;

static bool launched_by_mpi(void)
{
    /* The variables Open MPI's launcher, PMIx and Slurm's srun set. */
    static const char *const names[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE",
                                        "PMI_RANK"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (getenv(names[i])) {
            return true;
        }
    }
    return false;
}

void ranks_init(int *argc, char ***argv)
{
#ifdef AMPLISIM_MPI
    if (!launched_by_mpi()) {
        return;
    }
    MPI_Init(argc, argv);
    int r = 0, s = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &r);
    MPI_Comm_size(MPI_COMM_WORLD, &s);
    rank_ = (uint32_t)r;
    size_ = (uint32_t)s;
    active = true;
#else
    (void)argc;
    (void)argv;
    (void)launched_by_mpi;
#endif
}

void ranks_finalize(void)
{
#ifdef AMPLISIM_MPI
    if (active) {
        MPI_Finalize();
        active = false;
    }
#endif
}

uint32_t ranks_rank(void)
{
    return rank_;
}

uint32_t ranks_size(void)
{
    return size_;
}

bool ranks_mpi_built(void)
{
#ifdef AMPLISIM_MPI
    return true;
#else
    return false;
#endif
}

void ranks_barrier(void)
{
#ifdef AMPLISIM_MPI
    if (active) {
        MPI_Barrier(MPI_COMM_WORLD);
    }
#endif
}

void ranks_broadcast_int(int *value)
{
#ifdef AMPLISIM_MPI
    if (active) {
        MPI_Bcast(value, 1, MPI_INT, 0, MPI_COMM_WORLD);
    }
#else
    (void)value;
#endif
}

int ranks_max_int(int value)
{
#ifdef AMPLISIM_MPI
    if (active) {
        int out = value;
        MPI_Allreduce(&value, &out, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
        return out;
    }
#endif
    return value;
}

void ranks_allgather_doubles(const double *mine, double *all, const uint32_t *counts)
{
#ifdef AMPLISIM_MPI
    if (active) {
        int *n = xmalloc(size_ * sizeof *n);
        int *offset = xmalloc(size_ * sizeof *offset);
        int at = 0;
        for (uint32_t r = 0; r < size_; r++) {
            n[r] = (int)counts[r];
            offset[r] = at;
            at += n[r];
        }
        MPI_Allgatherv(mine, n[rank_], MPI_DOUBLE, all, n, offset, MPI_DOUBLE, MPI_COMM_WORLD);
        free(offset);
        free(n);
        return;
    }
#endif
    memcpy(all, mine, counts[0] * sizeof *all);
}

_Noreturn void ranks_abort(int status)
{
#ifdef AMPLISIM_MPI
    if (active) {
        MPI_Abort(MPI_COMM_WORLD, status);
    }
#endif
    exit(status);
}
