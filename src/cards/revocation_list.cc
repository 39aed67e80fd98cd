// The revocation list as a dated, numbered, signed document.
#include "cardex/cards/revocation_list.h"

#include <chrono>
#include <cstdio>

#include "cards_internal.h"
#include "cardex/cards/signed_file.h"

namespace cardex::cards {

using namespace cards_internal;

namespace {

constexpr std::string_view kTag = "#CDXREV1 issued_at=";
constexpr std::string_view kColumns = "card_no,kind,reason,at\n";

std::string CsvField(std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(v);
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool IsKeyId(std::string_view s) {
  if (s.size() != 16) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// "YYYY-MM-DDTHH:MM:SSZ" as seconds since the epoch.
std::optional<int64_t> EpochSeconds(std::string_view t) {
  if (t.size() != 20 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' ||
      t[16] != ':' || t[19] != 'Z') {
    return std::nullopt;
  }
  auto num = [&](size_t pos, size_t len) -> int {
    std::string_view part = t.substr(pos, len);
    if (!AllDigits(part)) return -1;
    return std::stoi(std::string(part));
  };
  int y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2),
      s = num(17, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0 || h > 23 || mi > 59 || s > 59) {
    return std::nullopt;
  }
  using namespace std::chrono;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return static_cast<int64_t>(sys_days{ymd}.time_since_epoch().count()) * 86400 + h * 3600 +
         mi * 60 + s;
}

}  // namespace

std::string FormatRevocationList(const RevocationListHeader& header,
                                 const std::vector<RevokedNumber>& entries) {
  std::string out = std::string(kTag) + header.issued_at +
                    " sequence=" + std::to_string(header.sequence) + " key_id=" + header.key_id +
                    "\n" + std::string(kColumns);
  for (const RevokedNumber& n : entries) {
    out += CsvField(n.card_no) + "," + CsvField(n.kind) + "," + CsvField(n.reason) + "," +
           CsvField(n.at) + "\n";
  }
  return out;
}

Result<PublishedList> PublishRevocationList(Store& store, const SigningKey& key,
                                            std::string_view actor, std::string_view at) {
  if (!EpochSeconds(at)) {
    return Status::InvalidArgument("issue time '" + std::string(at) +
                                   "' is not YYYY-MM-DDTHH:MM:SSZ");
  }
  PublishedList out;
  CARDEX_ASSIGN_OR_RETURN(out.header.sequence, Reserve(store, "revocation_list", 1));
  out.header.issued_at = std::string(at);
  out.header.key_id = key.key_id();
  CARDEX_ASSIGN_OR_RETURN(std::vector<RevokedNumber> entries, RevocationList(store));
  for (const RevokedNumber& n : entries) (n.kind == "revoked" ? out.revoked : out.retired) += 1;
  out.text = FormatRevocationList(out.header, entries);
  out.signature = SignFile(out.text, key);
  AuditEntry audit = Audit(actor, "card.revocations.publish", "revocation_list", "",
                           "list #" + std::to_string(out.header.sequence) + " issued at " +
                               out.header.issued_at + ": " + std::to_string(out.revoked) +
                               " revoked, " + std::to_string(out.retired) +
                               " retired, signed by key " + out.header.key_id);
  CARDEX_RETURN_IF_ERROR(store.AppendAudit({&audit, 1}));
  return out;
}

Result<RevocationListHeader> VerifyRevocationList(std::string_view text,
                                                  std::string_view signature,
                                                  const PublicKey& public_key) {
  CARDEX_RETURN_IF_ERROR(VerifyFileSignature(text, signature, public_key));
  const size_t eol = text.find('\n');
  std::string_view line = text.substr(0, eol);
  auto malformed = [](std::string what) {
    return Status::InvalidArgument("revocation list: " + what +
                                   "; expected a first line '#CDXREV1 issued_at=… sequence=… "
                                   "key_id=…' (an undated list "
                                   "of any age is not used)");
  };
  if (eol == std::string_view::npos || line.substr(0, kTag.size()) != kTag) {
    return malformed("no signed issue date");
  }
  line.remove_prefix(kTag.size());
  RevocationListHeader h;
  const size_t seq = line.find(" sequence=");
  const size_t kid = line.find(" key_id=");
  if (seq == std::string_view::npos || kid == std::string_view::npos || kid < seq) {
    return malformed("malformed header line");
  }
  h.issued_at = std::string(line.substr(0, seq));
  std::string_view seq_text = line.substr(seq + 10, kid - seq - 10);
  h.key_id = std::string(line.substr(kid + 8));
  if (!EpochSeconds(h.issued_at) || !AllDigits(seq_text) || seq_text.size() > 15 ||
      !IsKeyId(h.key_id)) {
    return malformed("malformed header line");
  }
  h.sequence = std::stoll(std::string(seq_text));
  if (text.substr(eol + 1, kColumns.size()) != kColumns) {
    return malformed("the column line card_no,kind,reason,at is missing");
  }
  const std::string signer = KeyId(public_key);
  if (h.key_id != signer) {
    return Status::InvalidArgument("revocation list: the header names key " + h.key_id +
                                   ", the list is signed by key " + signer);
  }
  return h;
}

std::optional<std::string> FindInRevocationList(std::string_view text, std::string_view card_no) {
  // Card numbers hold no comma, quote or space, so a row naming one starts
  // with it unquoted.
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    if (line.size() > card_no.size() && line.substr(0, card_no.size()) == card_no &&
        line[card_no.size()] == ',') {
      return std::string(line.substr(card_no.size() + 1));
    }
    pos = eol + 1;
  }
  return std::nullopt;
}

Result<int64_t> SecondsBetween(std::string_view issued_at, std::string_view now) {
  auto a = EpochSeconds(issued_at), b = EpochSeconds(now);
  if (!a) return Status::InvalidArgument("'" + std::string(issued_at) + "' is not YYYY-MM-DDTHH:MM:SSZ");
  if (!b) return Status::InvalidArgument("'" + std::string(now) + "' is not YYYY-MM-DDTHH:MM:SSZ");
  return *b - *a;
}

std::string FormatAge(int64_t seconds) {
  const char* sign = seconds < 0 ? "-" : "";
  if (seconds < 0) seconds = -seconds;
  char buf[64];
  if (seconds >= 86400) {
    std::snprintf(buf, sizeof buf, "%s%lld d %lld h", sign, static_cast<long long>(seconds / 86400),
                  static_cast<long long>(seconds % 86400 / 3600));
  } else if (seconds >= 3600) {
    std::snprintf(buf, sizeof buf, "%s%lld h %lld min", sign, static_cast<long long>(seconds / 3600),
                  static_cast<long long>(seconds % 3600 / 60));
  } else if (seconds >= 60) {
    std::snprintf(buf, sizeof buf, "%s%lld min", sign, static_cast<long long>(seconds / 60));
  } else {
    std::snprintf(buf, sizeof buf, "%s%lld s", sign, static_cast<long long>(seconds));
  }
  return buf;
}

}  // namespace cardex::cards
