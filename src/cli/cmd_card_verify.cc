// cardex card verify PAYLOAD_OR_FILE --public-key KEY_OR_FILE [--revocations FILE.csv]
//
// Offline: needs no database, only the published public key (and, when
// given, a revocation list written by `cardex card revocations`).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <sstream>

#include "card.h"
#include "cardex/cards/card_number.h"
#include "cardex/cards/payload.h"
#include "cardex/cards/signed_file.h"

namespace cardex::cli {
namespace {

struct VerifyArgs {
  std::string payload, public_key, revocations;
};

// The reason the list gives for `card_no`, or nullopt when it is not listed.
// The list must carry a valid signature (LIST.sig) by the same key as the
// card. Its first column is the card number (never quoted: card numbers
// hold no comma, quote or space).
Result<std::optional<std::string>> FindRevoked(const std::string& list_file,
                                               const cards::PublicKey& key,
                                               const std::string& card_no) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(list_file, ec)) {
    return Status::NotFound(list_file + ": cannot read the revocation list");
  }
  if (!std::filesystem::is_regular_file(list_file + ".sig", ec)) {
    return Status::NotFound(list_file + ".sig: missing; an unsigned revocation list is not used");
  }
  CARDEX_ASSIGN_OR_RETURN(std::string text, TextOrFile(list_file));
  CARDEX_ASSIGN_OR_RETURN(std::string signature, TextOrFile(list_file + ".sig"));
  Status signed_ok = cards::VerifyFileSignature(text, signature, key);
  if (!signed_ok.ok()) return Status::InvalidArgument(list_file + ": " + signed_ok.message());
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.compare(0, card_no.size() + 1, card_no + ",") == 0) {
      return std::optional<std::string>(line.substr(card_no.size() + 1));
    }
  }
  return std::optional<std::string>();
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
    auto revoked = FindRevoked(args.revocations, *key, card->card_no);
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
  cmd->callback([action, args] { *action = [args] { return RunVerify(*args); }; });
}

}  // namespace cardex::cli
