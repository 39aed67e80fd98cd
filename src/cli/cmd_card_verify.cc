// cardex card verify PAYLOAD_OR_FILE --public-key KEY_OR_FILE [--revocations FILE.csv
//   [--max-list-age HOURS] [--min-list-sequence N] [--at TIME]]
//
// Offline: needs no database, only the published public key (and, when
// given, a revocation list written by `cardex card revocations`, whose
// signature, issue time and sequence number are checked).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <sstream>

#include "card.h"
#include "cardex/core/dates.h"
#include "cardex/cards/card_number.h"
#include "cardex/cards/payload.h"
#include "cardex/cards/revocation_list.h"
#include "cardex/ledger/exchange.h"

namespace cardex::cli {
namespace {

struct VerifyArgs {
  std::string payload, public_key, revocations, at;
  double max_list_age_hours = 72;
  int64_t min_list_sequence = 0;
};

// The reason the list gives for `card_no`, or nullopt when it is not listed.
// The list must carry a valid signature (LIST.sig) by the same key as the
// card, a signed issue time no older than --max-list-age and a sequence
// number no lower than --min-list-sequence.
Result<std::optional<std::string>> FindRevoked(const VerifyArgs& args,
                                               const cards::PublicKey& key,
                                               const std::string& card_no) {
  const std::string& list_file = args.revocations;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(list_file, ec)) {
    return Status::NotFound(list_file + ": cannot read the revocation list");
  }
  if (!std::filesystem::is_regular_file(list_file + ".sig", ec)) {
    return Status::NotFound(list_file + ".sig: missing; an unsigned revocation list is not used");
  }
  CARDEX_ASSIGN_OR_RETURN(std::string text, TextOrFile(list_file));
  CARDEX_ASSIGN_OR_RETURN(std::string signature, TextOrFile(list_file + ".sig"));
  auto header = cards::VerifyRevocationList(text, signature, key);
  if (!header.ok()) return Status::InvalidArgument(list_file + ": " + header.status().message());
  const std::string now = args.at.empty() ? UtcNowText() : args.at;
  CARDEX_ASSIGN_OR_RETURN(int64_t age, cards::SecondsBetween(header->issued_at, now));
  std::printf("revocation list #%lld issued at %s, %s old, signed by key %s\n",
              static_cast<long long>(header->sequence), header->issued_at.c_str(),
              cards::FormatAge(age).c_str(), header->key_id.c_str());
  // A few minutes of clock skew between the issuer and a station is normal.
  if (age < -300) {
    return Status::InvalidArgument(list_file + ": issued in the future (" + header->issued_at +
                                   "); check this machine's clock");
  }
  const auto max_age = static_cast<int64_t>(args.max_list_age_hours * 3600);
  if (max_age > 0 && age > max_age) {
    return Status::FailedPrecondition(list_file + ": stale revocation list, issued " +
                                      cards::FormatAge(age) + " ago (--max-list-age " +
                                      cards::FormatAge(max_age) + "); fetch the newest list");
  }
  if (header->sequence < args.min_list_sequence) {
    return Status::FailedPrecondition(
        list_file + ": revocation list #" + std::to_string(header->sequence) +
        " is older than #" + std::to_string(args.min_list_sequence) +
        " (--min-list-sequence); fetch the newest list");
  }
  return cards::FindInRevocationList(text, card_no);
}

int RunVerify(const VerifyArgs& args) {
  auto payload = TextOrFile(args.payload);
  if (!payload.ok()) return Fail(payload.status());
  if (*payload == args.payload && args.payload.rfind("CDX", 0) != 0) {
    return Fail(args.payload + ": no such file, and not a payload (CDX1....)");
  }
  auto key_text = TextOrFile(args.public_key);
  if (!key_text.ok()) return Fail(key_text.status());
  auto key = cards::ParsePublicKey(*key_text);
  if (!key.ok()) return Fail(args.public_key + ": " + key.status().message());
  auto card = cards::VerifyPayload(*payload, *key);
  if (!card.ok()) return Fail(card.status());
  if (!cards::IsWellFormedCardNumber(card->card_no)) {
    return Fail("signed payload holds a malformed card number");
  }
  std::printf("valid card signed by key %s\n", card->key_id.c_str());
  std::printf("card_no: %s\nmember_no: %s\ncitizen_id: %s\nfull_name: %s\nbirth_date: %s\n"
              "gender: %s\nunit_code: %s\nissued_on: %s\n",
              card->card_no.c_str(), card->member_no.c_str(), card->citizen_id.c_str(),
              card->full_name.c_str(), card->birth_date.c_str(), card->gender.c_str(),
              card->unit_code.c_str(), card->issued_on.c_str());
  if (!args.revocations.empty()) {
    auto revoked = FindRevoked(args, *key, card->card_no);
    if (!revoked.ok()) return Fail(revoked.status());
    if (*revoked) return Fail("card " + card->card_no + " is on the revocation list: " + **revoked);
    std::printf("not on the revocation list\n");
  }
  return 0;
}

}  // namespace

void RegisterCardVerify(CLI::App& card, const GlobalOptions&, Action* action) {
  auto args = std::make_shared<VerifyArgs>();
  auto* cmd = card.add_subcommand(
      "verify", "Check a card's chip payload offline against the published public key");
  cmd->add_option("payload", args->payload, "the payload (CDX1....) or a file holding it")
      ->required();
  cmd->add_option("--public-key", args->public_key, "64 hex digits, or a file holding them")
      ->required();
  cmd->add_option("--revocations", args->revocations,
                  "a signed revocation list (cardex card revocations --out; FILE.sig "
                  "beside it): listed cards fail");
  cmd->add_option("--max-list-age", args->max_list_age_hours,
                  "hours after its signed issue time that a revocation list is still used "
                  "(default 72; 0: any age)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--min-list-sequence", args->min_list_sequence,
                  "refuse a revocation list numbered below N (the newest one seen)");
  cmd->add_option("--at", args->at,
                  "check the list's age as of this UTC time, YYYY-MM-DDTHH:MM:SSZ (default now)");
  cmd->callback([action, args] { *action = [args] { return RunVerify(*args); }; });
}

}  // namespace cardex::cli
