/* amplisim plot: writes a run, compare, sweep or fit directory's plots. io/plot/ writes
 * the data files and gnuplot scripts into DIR/plots/; this file runs gnuplot on
 * each script there (fork and exec, no shell) and reports the images. Ctrl-C
 * or SIGTERM stops it like the other commands (exit 130): the data and
 * scripts are complete (written atomically), the images drawn before are
 * complete, and the image being drawn is removed, so no partial file is left.
 * With --format pdf it then draws report.pdf (every figure a page) from
 * report.gp into a temporary file, renamed when gnuplot is done: report.pdf
 * is complete or absent. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "args.h"
#include "base/alloc.h"
#include "cli.h"
#include "interrupt.h"
#include "io/fileio.h"
#include "io/plot/plot.h"

/* Finds an executable named program in a directory of PATH; returns its path
 * (caller frees) or NULL. */
static char *find_on_path(const char *program)
{
    const char *path = getenv("PATH");
    if (!path || !*path) {
        return NULL;
    }
    char *dirs = xstrdup(path), *save = NULL;
    char *found = NULL;
    for (char *dir = strtok_r(dirs, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
        size_t size = strlen(dir) + strlen(program) + 2;
        char *candidate = xmalloc(size);
        snprintf(candidate, size, "%s/%s", *dir ? dir : ".", program);
        struct stat st;
        if (stat(candidate, &st) == 0 && S_ISREG(st.st_mode) && access(candidate, X_OK) == 0) {
            found = candidate;
        } else {
            free(candidate);
        }
    }
    free(dirs);
    return found;
}

/* Runs `gnuplot SCRIPT` (`gnuplot -e SETUP SCRIPT` when setup is not NULL)
 * in dir with its stderr collected in *messages (caller frees). Returns 0
 * when gnuplot exits with status 0. */
static int run_gnuplot(const char *gnuplot, const char *dir, const char *setup, const char *script,
                       char **messages)
{
    *messages = NULL;
    int fds[2];
    if (pipe(fds) != 0) {
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], STDERR_FILENO);
        dup2(fds[1], STDOUT_FILENO);
        close(fds[1]);
        if (chdir(dir) != 0) {
            fprintf(stderr, "cannot enter %s: %s\n", dir, strerror(errno));
            _exit(126);
        }
        char *const plain[] = {(char *)gnuplot, (char *)script, NULL};
        char *const with_setup[] = {(char *)gnuplot, "-e", (char *)setup, (char *)script, NULL};
        char *const *argv = setup ? with_setup : plain;
        execv(gnuplot, argv);
        fprintf(stderr, "cannot run %s: %s\n", gnuplot, strerror(errno));
        _exit(127);
    }
    close(fds[1]);
    struct strbuf sb;
    strbuf_init(&sb);
    char chunk[4096];
    ssize_t n;
    while ((n = read(fds[0], chunk, sizeof chunk)) != 0) {
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        strbuf_append(&sb, chunk, (size_t)n);
    }
    strbuf_append(&sb, "", 0);
    close(fds[0]);
    int wstatus;
    while (waitpid(pid, &wstatus, 0) < 0) {
        if (errno != EINTR) {
            strbuf_destroy(&sb);
            return -1;
        }
    }
    *messages = sb.data;
    return WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0 ? 0 : -1;
}

/* Says what an interrupted plot left, after removing image i when it may be
 * partial; returns EXIT_INTERRUPTED. */
static int report_interrupt(const struct plot_set *set, size_t i, const char *extension,
                            bool drawing)
{
    if (drawing) {
        size_t size = strlen(set->dir) + strlen(set->names[i]) + strlen(extension) + 3;
        char *image = xmalloc(size);
        snprintf(image, size, "%s/%s.%s", set->dir, set->names[i], extension);
        remove(image);
        free(image);
    }
    fprintf(stderr,
            "amplisim: interrupted; the data and scripts in %s/ are complete, with %zu of %zu "
            "images; run amplisim plot again to draw them all\n",
            set->dir, i, set->count);
    return EXIT_INTERRUPTED;
}

/* Draws report.pdf (every figure, a page each) from report.gp: gnuplot
 * writes a temporary file, renamed over report.pdf once gnuplot has finished,
 * so report.pdf is complete or absent; an interrupt or a failure removes the
 * temporary. Returns the exit status. */
static int draw_report(const char *gnuplot, const struct plot_set *set)
{
    size_t size = strlen(set->dir) + 16;
    char *path = xmalloc(size);
    snprintf(path, size, "%s/report.pdf", set->dir);
    char *temp = file_temp_name(path);
    const char *temp_base = strrchr(temp, '/') ? strrchr(temp, '/') + 1 : temp;
    size_t setup_size = strlen(temp_base) + 32;
    char *setup = xmalloc(setup_size);
    snprintf(setup, setup_size, "report_output='%s'", temp_base);
    char *messages;
    int drawn = run_gnuplot(gnuplot, set->dir, setup, "report.gp", &messages);
    int status = EXIT_OK;
    if (interrupt_requested()) {
        remove(temp);
        fprintf(stderr,
                "amplisim: interrupted; the figures in %s/ are complete, report.pdf was not "
                "written; run amplisim plot again to draw it\n",
                set->dir);
        status = EXIT_INTERRUPTED;
    } else if (drawn != 0) {
        remove(temp);
        fprintf(stderr, "amplisim: gnuplot failed on %s/report.gp:\n%s", set->dir,
                messages ? messages : "");
        status = EXIT_RUN_FAILURE;
    } else if (rename(temp, path) != 0) {
        fprintf(stderr, "amplisim: cannot rename %s to %s: %s\n", temp, path, strerror(errno));
        remove(temp);
        status = EXIT_RUN_FAILURE;
    } else {
        printf("%s\n", path);
    }
    free(messages);
    free(setup);
    free(temp);
    free(path);
    return status;
}

int cmd_plot(int argc, char **argv)
{
    const char *dir = NULL, *format_text = "png";
    for (int i = 0; i < argc; i++) {
        const char *opt = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(opt, "--format") == 0 && value) {
            format_text = value;
            i++;
        } else if (opt[0] == '-' && opt[1] != '\0') {
            return cli_usage_error("unknown or incomplete option \"%s\" (try amplisim --help)",
                                   opt);
        } else if (!dir) {
            dir = opt;
        } else {
            return cli_usage_error("plot takes one directory, got a second: \"%s\"", opt);
        }
    }
    if (!dir) {
        return cli_usage_error("plot needs a run, compare, sweep or fit directory (DIR)");
    }
    enum plot_format format;
    if (plot_format_parse(format_text, &format) != 0) {
        return cli_usage_error("--format expects png, svg or pdf, got \"%s\"", format_text);
    }
    interrupt_install();
    struct plot_set set;
    struct error err;
    error_clear(&err);
    int status = plot_write_scripts(dir, format, &set, &err);
    if (status != STATUS_OK) {
        fprintf(stderr, "amplisim: %s\n", err.message);
        return status == STATUS_BAD_INPUT ? EXIT_BAD_INPUT : EXIT_RUN_FAILURE;
    }
    char *gnuplot = find_on_path("gnuplot");
    if (!gnuplot) {
        fprintf(stderr,
                "amplisim: gnuplot not found: wrote the data and scripts to %s/; install "
                "gnuplot-nox and run gnuplot on each .gp\n",
                set.dir);
        plot_set_destroy(&set);
        return EXIT_RUN_FAILURE;
    }
    status = EXIT_OK;
    const char *extension = plot_format_extension(format);
    for (size_t i = 0; i < set.count && status == EXIT_OK; i++) {
        if (interrupt_requested()) {
            status = report_interrupt(&set, i, extension, false);
            break;
        }
        char script[PLOT_NAME_MAX + 8];
        snprintf(script, sizeof script, "%s.gp", set.names[i]);
        char *messages;
        int drawn = run_gnuplot(gnuplot, set.dir, NULL, script, &messages);
        if (interrupt_requested()) {
            /* gnuplot may have been stopped half-way through the image. */
            free(messages);
            status = report_interrupt(&set, i, extension, true);
            break;
        }
        if (drawn != 0) {
            fprintf(stderr, "amplisim: gnuplot failed on %s/%s:\n%s", set.dir, script,
                    messages ? messages : "");
            status = EXIT_RUN_FAILURE;
        } else {
            printf("%s/%s.%s\n", set.dir, set.names[i], extension);
        }
        free(messages);
    }
    if (status == EXIT_OK && set.report) {
        status = draw_report(gnuplot, &set);
    }
    free(gnuplot);
    plot_set_destroy(&set);
    return status;
}
