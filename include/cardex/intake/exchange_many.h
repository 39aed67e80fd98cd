// One exchange step for many members at once (card production).
#ifndef CARDEX_INTAKE_EXCHANGE_MANY_H_
#define CARDEX_INTAKE_EXCHANGE_MANY_H_

#include <span>

#include "cardex/intake/exchange.h"

namespace cardex::intake {

// ApplyStep (exchange.h) for many members at once, inside the caller's
// open transaction, with the same rows, events and audit entries, in a few
// statements per 500 members instead of several round trips each (a
// commune's card batch). The requests must differ only in member_no and
// note (kInvalidArgument otherwise, and for mark_wrong_data or an
// expect_version). Errors as ApplyStep; on any error the caller rolls the
// transaction back.
Status ApplyStepToMany(Store& store, std::span<const StepRequest> requests);

}  // namespace cardex::intake

#endif  // CARDEX_INTAKE_EXCHANGE_MANY_H_
