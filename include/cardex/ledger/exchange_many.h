// One exchange step for many members at once (card production).
#ifndef CARDEX_LEDGER_EXCHANGE_MANY_H_
#define CARDEX_LEDGER_EXCHANGE_MANY_H_

#include <span>

#include "cardex/ledger/exchange.h"

namespace cardex::ledger {

// ApplyStep (exchange.h) for many members at once, inside the caller's
// open transaction, with the same rows, events and audit entries, in a few
// statements per 500 members instead of several round trips each (a
// commune's card batch). The requests must differ only in member_no and
// note (kInvalidArgument otherwise, and for mark_wrong_data or an
// expect_version). Errors as ApplyStep; on any error the caller rolls the
// transaction back.
Status ApplyStepToMany(Store& store, std::span<const StepRequest> requests);

}  // namespace cardex::ledger

#endif  // CARDEX_LEDGER_EXCHANGE_MANY_H_
