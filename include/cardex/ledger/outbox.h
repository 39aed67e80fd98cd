// The outbox of a station's own copy (issue 20, docs/station.md): on a
// database joined to a central server as a station (a `station_self` row,
// schema v15), every step ApplyStep takes is also kept in `station_outbox`,
// in the step's own transaction, numbered by the station. The station sync
// (cardex/station/) pushes the outbox in that order; the central applies each
// step once through ApplyStep again. On any other database (the central, a
// plain server) recording finds no `station_self` row and writes nothing.
//
// Thread safety: functions take the caller's Store (one per thread).
#ifndef CARDEX_LEDGER_OUTBOX_H_
#define CARDEX_LEDGER_OUTBOX_H_

#include <string>
#include <string_view>

#include "cardex/core/status.h"
#include "cardex/ledger/exchange.h"
#include "cardex/store/store.h"

namespace cardex::ledger {

// Keeps `request` (taken from the member's version `base_version`) in the
// outbox when this database is a station's copy; inside the caller's
// transaction. The row also keeps the member's data as the officer saw it
// (MemberDataSeen) and, for a capture, the photo's content hash, so that the
// central can tell a member corrected meanwhile and fetch the photo by hash.
Status RecordInOutbox(Store& store, const StepRequest& request, int64_t base_version);

// The member's recorded and standardised identity (id, name, birth date,
// gender) as one text, "" when there is no such member: what a confirmation
// vouches for. The central compares it with what the station saw.
Result<std::string> MemberDataSeen(Store& store, std::string_view member_no);

}  // namespace cardex::ledger

#endif  // CARDEX_LEDGER_OUTBOX_H_
