// The exchange ledger is a library of its own (ledger/exchange.h); these
// names keep the code written against intake's compiling until it moves
// over. New code includes cardex/ledger/exchange.h.
#ifndef CARDEX_INTAKE_EXCHANGE_H_
#define CARDEX_INTAKE_EXCHANGE_H_

#include "cardex/ledger/exchange.h"

namespace cardex::intake {

using ledger::ApplyStep;
using ledger::ApplyStepAtomically;
using ledger::GetExchange;
using ledger::MemberExchange;
using ledger::StepOutcome;
using ledger::StepRequest;

}  // namespace cardex::intake

#endif  // CARDEX_INTAKE_EXCHANGE_H_
