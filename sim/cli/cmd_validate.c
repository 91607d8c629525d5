/* amplisim validate: parse and check a scenario without running it. */
#include <stdio.h>

#include "cli.h"

int cmd_validate(int argc, char **argv)
{
    struct cli_args args;
    int status = cli_args_parse(argc, argv, false, &args);
    if (status != EXIT_OK) {
        return status;
    }
    struct config cfg;
    status = cli_load_scenario(&args, &cfg);
    if (status == EXIT_OK) {
        printf("%s: valid (%u accounts, %u communities, %zu stories, %zu actions)\n",
               args.scenario, cfg.accounts, cfg.communities, cfg.story_count, cfg.action_count);
        config_destroy(&cfg);
    }
    cli_args_destroy(&args);
    return status;
}
