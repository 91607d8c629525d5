/* amplisim validate: parse and check a scenario without running it. */
#include <stdio.h>

#include "args.h"
#include "batch/run.h"
#include "cli.h"

int cmd_validate(int argc, char **argv)
{
    struct cli_args args;
    int status = cli_args_parse(argc, argv, false, &args);
    if (status != EXIT_OK) {
        return status;
    }
    struct config cfg;
    struct error err;
    error_clear(&err);
    status = cli_report(run_load(args.scenario, args.overrides, args.override_count, &cfg, &err),
                        &err);
    if (status != EXIT_OK) {
        cli_args_destroy(&args);
        return status;
    }
    /* Refused here too, so validate predicts what run will say. */
    struct memory_estimate est;
    status = cli_report(run_check_memory(args.scenario, &cfg, cli_default_threads(), &est, &err),
                        &err);
    /* A file graph's content is input too: read it (a generated graph has
     * nothing to check beyond the scenario, and may be costly to draw). */
    uint32_t accounts = cfg.accounts;
    if (status == EXIT_OK && cfg.graph.source == GRAPH_FILE) {
        status = cli_report(run_check_world(args.scenario, &cfg, &accounts, &err), &err);
    }
    if (status == EXIT_OK) {
        char bytes[32];
        run_format_bytes(est.total, bytes, sizeof bytes);
        printf("%s: valid (%u accounts, %u communities, %zu stories, %zu actions, %s graph; "
               "needs about %s on %u thread%s)\n",
               args.scenario, accounts, cfg.communities, cfg.story_count, cfg.action_count,
               graph_source_name(cfg.graph.source), bytes, est.threads,
               est.threads == 1 ? "" : "s");
    }
    config_destroy(&cfg);
    cli_args_destroy(&args);
    return status;
}
