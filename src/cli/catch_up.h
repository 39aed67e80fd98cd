// `cardex plan --catch-up`: new slots for the members who missed theirs,
// around everyone already invited (cmd_catch_up.cc).
#ifndef CARDEX_CLI_CATCH_UP_H_
#define CARDEX_CLI_CATCH_UP_H_

#include <string>

#include "command.h"

namespace cardex::cli {

struct CatchUpArgs {
  std::string from, to, absent, out;
  bool check = false;
};

// Reads the absence file (refused whole when any row is bad), plans the
// absent members in the window (ill ones as home visits) with every other
// stored appointment fixed, replaces their stored appointments, and writes
// their rows to `out` in the schedule format. Returns the exit code: 0 when
// everyone absent got a slot.
int RunCatchUp(const GlobalOptions& global, const CatchUpArgs& args);

}  // namespace cardex::cli

#endif  // CARDEX_CLI_CATCH_UP_H_
