/* The processes of a distributed sweep or fit: MPI ranks when amplisim is
 * built with MPI and started by mpirun, otherwise a single rank. A sweep
 * uses them only to agree on when to start and stop: runs are shared out by
 * index and results meet in the output directory's logs, so none of its
 * results travels through MPI. A fit shares each evaluation's replicates
 * out and gathers their figures (a few numbers a replicate) on every rank,
 * which then take the same next step. */
#ifndef AMPLISIM_RANKS_H
#define AMPLISIM_RANKS_H

#include <stdbool.h>
#include <stdint.h>

/* Starts MPI when this process was launched by mpirun (or srun) and amplisim
 * was built with MPI; a plain process stays a single rank without touching
 * MPI. Pair with ranks_finalize. */
void ranks_init(int *argc, char ***argv);
void ranks_finalize(void);

uint32_t ranks_rank(void);
uint32_t ranks_size(void);
/* True when MPI is compiled in (whether or not this process uses it). */
bool ranks_mpi_built(void);

/* Waits until every rank gets here. */
void ranks_barrier(void);

/* Gives every rank rank 0's value of *value. */
void ranks_broadcast_int(int *value);

/* The largest of every rank's value, on every rank. */
int ranks_max_int(int value);

/* Gathers every rank's `mine` (counts[rank] doubles each) into `all`, in
 * rank order, on every rank. A single rank copies. */
void ranks_allgather_doubles(const double *mine, double *all, const uint32_t *counts);

/* Ends every rank at once with the given exit status (after a failure
 * that leaves the others waiting). A single rank just exits. */
_Noreturn void ranks_abort(int status);

#endif
