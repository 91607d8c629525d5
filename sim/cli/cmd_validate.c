/* amplisim validate: parse and check a scenario without running it. */
#include <stdio.h>

#include "cli.h"
#include "model/simulate.h"

int cmd_validate(int argc, char **argv)
{
    struct cli_args args;
    int status = cli_args_parse(argc, argv, false, &args);
    if (status != EXIT_OK) {
        return status;
    }
    struct config cfg;
    status = cli_load_scenario(&args, &cfg);
    if (status != EXIT_OK) {
        cli_args_destroy(&args);
        return status;
    }
    /* A file graph's content is input too: read it (a generated graph has
     * nothing to check beyond the scenario, and may be costly to draw). */
    uint32_t accounts = cfg.accounts;
    if (cfg.graph.source == GRAPH_FILE) {
        struct world world;
        status = cli_build_world(args.scenario, &cfg, &world);
        if (status == EXIT_OK) {
            accounts = world.graph.accounts;
            world_destroy(&world);
        }
    }
    if (status == EXIT_OK) {
        printf("%s: valid (%u accounts, %u communities, %zu stories, %zu actions, %s graph)\n",
               args.scenario, accounts, cfg.communities, cfg.story_count, cfg.action_count,
               graph_source_name(cfg.graph.source));
    }
    config_destroy(&cfg);
    cli_args_destroy(&args);
    return status;
}
