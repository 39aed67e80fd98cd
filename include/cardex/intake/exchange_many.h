// ApplyStepToMany is the ledger's (ledger/exchange_many.h); this name keeps
// code written against intake's compiling until it moves over.
#ifndef CARDEX_INTAKE_EXCHANGE_MANY_H_
#define CARDEX_INTAKE_EXCHANGE_MANY_H_

#include "cardex/intake/exchange.h"
#include "cardex/ledger/exchange_many.h"

namespace cardex::intake {

using ledger::ApplyStepToMany;

}  // namespace cardex::intake

#endif  // CARDEX_INTAKE_EXCHANGE_MANY_H_
