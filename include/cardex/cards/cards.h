// Card production and the card's life after it (issue 5, item 6): batches
// per commune, delivery to the commune, hand-over at the desk (which retires
// the old card number), revocation and the revocation list.
//
//   card:   produced ──deliver──► delivered ──hand over──► handed_over
//              └────────────── revoke (any time) ──────────────► revoked
//
// Members move through the exchange state machine (core/exchange.h) in step
// with their card: produce_card, deliver_card, hand_over, each applied with
// ledger::ApplyStep so that its event and audit entry are written as for
// every other step.
//
// Transactions: every function below that writes runs inside the caller's
// open transaction (Store::Begin or a Transaction first), so an HTTP handler
// can commit it together with its idempotency record; Atomically() runs one
// in a transaction of its own. On any error the caller must roll back
// (Transaction does): a function may have written part of its work.
//
// Audit: every card that changes gets an entry whose subject is the card
// number (actions card.produce, card.deliver, card.hand_over, card.revoke,
// card.retire_old); a batch gets one whose subject is the batch id; members'
// steps are audited under their member_no by ApplyStep.
//
// Times: `at` is UTC "YYYY-MM-DDTHH:MM:SSZ" (UtcNowText(), core/dates.h); dates are
// "YYYY-MM-DD".
//
// Thread safety: functions take the caller's Store (one per thread).
#ifndef CARDEX_CARDS_CARDS_H_
#define CARDEX_CARDS_CARDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/cards/payload.h"
#include "cardex/cards/signing_key.h"
#include "cardex/core/exchange.h"
#include "cardex/core/status.h"
#include "cardex/store/atomically.h"
#include "cardex/store/store.h"

namespace cardex::cards {

struct ProduceRequest {
  std::string commune_code;
  std::string actor;
  std::string at;
  std::string issue_date;  // printed on the card and signed in the payload
};

// A submitted member left out of a batch because their record is not
// cleanly standardised (core/card_values.h): the reason as a catalogue id
// ("unclean.*") and its arguments; Msg() says it.
struct SkippedMember {
  std::string member_no, reason_id;
  std::vector<std::string> reason_args;
};

struct BatchResult {
  std::string batch_id;  // "" when there was nothing to produce
  int64_t cards = 0;
  std::vector<SkippedMember> skipped;  // in member_no order; they stay submitted
};

// Produces a card for every member in the commune's subtree whose exchange
// state is `submitted` (and, once records are sent on to the central
// commission, whom it acknowledged: cardex/centre) and whose record is
// cleanly standardised, in
// member_no order (the others are listed in `skipped` with the reason, stay
// submitted, and hold back nobody else); each card's fields come from
// ResolveCardValues (core/card_values.h), the same rule the desk's
// read-back shows: card numbers from the province's
// counter (sequences row "card_no:<province code>"), signed payloads, a
// card_batches row ("B" + 6-digit serial from the "card_batch" counter),
// cards in state produced, members moved to card_produced. Members already
// past `submitted` are never produced again, so running it twice produces
// the second time only whoever was submitted since (and no batch at all when
// nobody was). A member who still holds a card that is not revoked is
// never produced a second one (kFailedPrecondition: revoke it first). The
// payload carries the member's standardised values
// (member_standard) where present, else the recorded ones.
// Errors: kNotFound (no such unit), kInvalidArgument (the unit is not a
// commune, or a date is malformed), kFailedPrecondition (another writer moved
// a member meanwhile: roll back and run again).
Result<BatchResult> ProduceBatch(Store& store, const ProduceRequest& request,
                                 const SigningKey& key);

// Marks the batch delivered to its commune: card_batches.delivered_at, its
// produced cards delivered, their members card_delivered. Revoked cards stay
// revoked and their members where they are. Returns how many cards were
// delivered. kNotFound (no batch), kFailedPrecondition (already delivered).
Result<int64_t> DeliverBatch(Store& store, std::string_view batch_id, std::string_view actor,
                             std::string_view at);

struct HandOverRequest {
  std::string member_no;
  std::string card_no;  // as read from the card at the desk
  std::string actor;
  std::string at;
  std::string station_code;  // "" off-station
};

// The member receives the new card: the card must be theirs, their live
// card (the newest that is not revoked), and delivered. The card becomes handed_over, the member handed_over, and the
// old card number (member_no) is retired (a retired_cards row naming the
// new card). kNotFound (no card with that number), kFailedPrecondition (the
// card is another member's, not their live card, not delivered yet, revoked,
// or already handed over; the message says which). A replacement card
// (after a reissue) is handed over the same way; the old card number stays
// retired and its row then names the replacement.
Status HandOver(Store& store, const HandOverRequest& request);

// Why a card is revoked: "lost", "stolen", "damaged", "misprinted" or
// "data_corrected" (the reasons of the exchange step reissue_card).
struct RevokeRequest {
  std::string card_no;
  std::string reason;
  std::string note;  // free text for people; kept in the audit entry only
  std::string actor;
  std::string at;
};

struct RevokeResult {
  std::string member_no;
  // The revocation left the member without a valid card, so they took the
  // step reissue_card back to `submitted`: the next batch of their commune
  // makes the replacement.
  bool reissued = false;
};

// Revokes a card: a revocations row, state revoked, and, when that leaves
// the member without a valid card, the step reissue_card, all in the caller's
// transaction, so the old card is on the revocation list before any
// replacement can be produced. kNotFound (no card), kInvalidArgument (a
// reason not in the list above), kAlreadyExists (already revoked: a retry
// changes nothing), kFailedPrecondition (the member's state does not allow
// the reissue; nothing is written once the caller rolls back).
Result<RevokeResult> Revoke(Store& store, const RevokeRequest& request);

// One line of the revocation list: a revoked new card ("revoked") or an old
// card number retired at hand-over ("retired", reason "replaced by <card>").
struct RevokedNumber {
  std::string card_no, kind, reason, at;
};

// Every revoked card and every retired old number, ordered by card_no
// within each kind (revoked first). Reads only; no transaction needed.
Result<std::vector<RevokedNumber>> RevocationList(Store& store);

// A stored card, as read back (for the desk and the tests).
struct StoredCard {
  std::string card_no, member_no, batch_id, issued_on, payload, state, handed_over_at;
};
// kNotFound when there is no such card.
Result<StoredCard> GetCard(Store& store, std::string_view card_no);
// The member's cards, newest first (normally one).
Result<std::vector<StoredCard>> MemberCards(Store& store, std::string_view member_no);

// A production batch as the commune's page lists it: created_at and
// delivered_at as stored ("" while not delivered), and how many cards it made.
struct BatchSummary {
  std::string batch_id, created_at, delivered_at;
  int64_t cards = 0;
};
// The commune's newest `limit` batches, newest first.
Result<std::vector<BatchSummary>> CommuneBatches(Store& store, std::string_view commune_code,
                                                 int limit);
// The commune a batch was produced for (the unit that authorises acting on
// it). kNotFound when there is no such batch.
Result<std::string> BatchCommune(Store& store, std::string_view batch_id);

// The member's newest revoked card and why it was revoked, or nullopt when
// none of their cards is revoked (the desk says which card a reissue
// replaces).
struct RevokedCard {
  std::string card_no, reason;
};
Result<std::optional<RevokedCard>> LatestRevokedCard(Store& store, std::string_view member_no);

// The members whose card waits at their commune (exchange state
// card_delivered) with that card and the station of their last step, by
// member_no.
struct AwaitingHandOver {
  std::string member_no, card_no, station_code;
};
Result<std::vector<AwaitingHandOver>> CardsAwaitingHandOver(Store& store);

// store/atomically.h: `fn` in a transaction of its own.
using ::cardex::Atomically;

}  // namespace cardex::cards

#endif  // CARDEX_CARDS_CARDS_H_
