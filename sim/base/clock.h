/* Wall-clock seconds for timings and progress: a monotonic clock, so a
 * change of the system time never makes a run look negative or endless. */
#ifndef AMPLISIM_CLOCK_H
#define AMPLISIM_CLOCK_H

/* Seconds since an arbitrary fixed point; only differences mean anything. */
double clock_seconds(void);

#endif
