// `cardex plan --replan-from DAY`: the plan made again from a day on, after
// stations or shifts changed, keeping what is settled (cmd_replan.cc).
#ifndef CARDEX_CLI_REPLAN_H_
#define CARDEX_CLI_REPLAN_H_

#include <string>

#include "command.h"

namespace cardex::cli {

struct ReplanArgs {
  std::string from, to, day, out;
  bool check = false;
};

// Keeps every cell with an appointment before DAY or a member who already
// came (plan::ReplanInput), plans every other cell again from DAY with the
// stations and shifts as stored now, stores the result as the whole plan
// and writes it (kept rows first) to `out` in the schedule format. Returns
// the exit code: 0 when every moved member got a slot.
int RunReplan(const GlobalOptions& global, const ReplanArgs& args);

}  // namespace cardex::cli

#endif  // CARDEX_CLI_REPLAN_H_
