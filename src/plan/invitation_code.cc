// Invitation codes: SipHash-2-4 under the database's secret, in Crockford
// base32 with its check symbol (appointments.h).
#include <sys/random.h>

#include <cerrno>
#include <cstring>

#include "cardex/plan/appointments.h"

namespace cardex::plan {
namespace {

constexpr char kSecretSetting[] = "invitation_secret";
// Crockford's base32 symbols, then the five extra check symbols (mod 37).
constexpr char kSymbols[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U";
constexpr int kDataSymbols = 10;  // 50 bits

inline uint64_t Rotl(uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }

inline void SipRound(uint64_t& v0, uint64_t& v1, uint64_t& v2, uint64_t& v3) {
  v0 += v1; v1 = Rotl(v1, 13); v1 ^= v0; v0 = Rotl(v0, 32);
  v2 += v3; v3 = Rotl(v3, 16); v3 ^= v2;
  v0 += v3; v3 = Rotl(v3, 21); v3 ^= v0;
  v2 += v1; v1 = Rotl(v1, 17); v1 ^= v2; v2 = Rotl(v2, 32);
}

std::string Hex(uint64_t v) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[i] = kHex[v & 15];
  return out;
}

bool ParseHex(std::string_view text, uint64_t* v) {
  if (text.size() != 16) return false;
  *v = 0;
  for (char c : text) {
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (d < 0) return false;
    *v = (*v << 4) | static_cast<uint64_t>(d);
  }
  return true;
}

// The value of a Crockford symbol (aliases and lower case folded), -1 if
// none. `check` also admits the five check-only symbols.
int SymbolValue(char c, bool check) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (c == 'I' || c == 'L') c = '1';
  if (c == 'O') c = '0';
  const int limit = check ? 37 : 32;
  for (int i = 0; i < limit; ++i) {
    if (kSymbols[i] == c) return i;
  }
  return -1;
}

}  // namespace

uint64_t SipHash24(uint64_t k0, uint64_t k1, std::string_view data) {
  uint64_t v0 = 0x736f6d6570736575ULL ^ k0, v1 = 0x646f72616e646f6dULL ^ k1;
  uint64_t v2 = 0x6c7967656e657261ULL ^ k0, v3 = 0x7465646279746573ULL ^ k1;
  const size_t whole = data.size() - data.size() % 8;
  auto byte = [&](size_t i) { return static_cast<uint64_t>(static_cast<unsigned char>(data[i])); };
  for (size_t i = 0; i < whole; i += 8) {
    uint64_t m = 0;
    for (int b = 7; b >= 0; --b) m = (m << 8) | byte(i + b);
    v3 ^= m;
    SipRound(v0, v1, v2, v3);
    SipRound(v0, v1, v2, v3);
    v0 ^= m;
  }
  uint64_t last = static_cast<uint64_t>(data.size() & 0xff) << 56;
  for (size_t i = whole; i < data.size(); ++i) last |= byte(i) << (8 * (i - whole));
  v3 ^= last;
  SipRound(v0, v1, v2, v3);
  SipRound(v0, v1, v2, v3);
  v0 ^= last;
  v2 ^= 0xff;
  for (int r = 0; r < 4; ++r) SipRound(v0, v1, v2, v3);
  return v0 ^ v1 ^ v2 ^ v3;
}

Result<InvitationKey> LoadInvitationKey(Store& store) {
  CARDEX_ASSIGN_OR_RETURN(std::optional<std::string> stored, store.GetSetting(kSecretSetting));
  if (!stored) {
    unsigned char random[16];
    size_t got = 0;
    while (got < sizeof random) {
      ssize_t n = getrandom(random + got, sizeof random - got, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        return Status::Internal(std::string("getrandom failed: ") + std::strerror(errno));
      }
      got += static_cast<size_t>(n);
    }
    uint64_t k0 = 0, k1 = 0;
    for (int i = 7; i >= 0; --i) {
      k0 = (k0 << 8) | random[i];
      k1 = (k1 << 8) | random[8 + i];
    }
    CARDEX_ASSIGN_OR_RETURN(std::string kept,
                            store.PutSettingIfAbsent(kSecretSetting, Hex(k0) + Hex(k1)));
    stored = std::move(kept);
  }
  InvitationKey key;
  if (stored->size() != 32 || !ParseHex(std::string_view(*stored).substr(0, 16), &key.k0) ||
      !ParseHex(std::string_view(*stored).substr(16), &key.k1)) {
    return Status::Internal("the stored invitation secret is malformed");
  }
  return key;
}

uint64_t InvitationValue(const InvitationKey& key, std::string_view member_no, std::string_view station_code,
                         std::string_view slot_start, std::string_view mode, int salt) {
  // The unit separator cannot occur in any of the fields (import refuses
  // control characters), so distinct appointments hash distinct messages.
  std::string message;
  message.reserve(member_no.size() + station_code.size() + slot_start.size() + mode.size() + 8);
  message.append(member_no).append(1, '\x1f').append(station_code).append(1, '\x1f');
  message.append(slot_start).append(1, '\x1f').append(mode);
  if (salt > 0) message.append(1, '\x1f').append(std::to_string(salt));
  return SipHash24(key.k0, key.k1, message) >> (64 - 5 * kDataSymbols);
}

std::string FormatInvitationCode(uint64_t value) {
  std::string code(kDataSymbols + 1, '0');
  for (int i = kDataSymbols - 1; i >= 0; --i) {
    code[i] = kSymbols[(value >> (5 * (kDataSymbols - 1 - i))) & 31];
  }
  code[kDataSymbols] = kSymbols[value % 37];
  return code;
}

std::string InvitationCode(const InvitationKey& key, std::string_view member_no,
                           std::string_view station_code, std::string_view slot_start,
                           std::string_view mode) {
  return FormatInvitationCode(InvitationValue(key, member_no, station_code, slot_start, mode, 0));
}

std::optional<uint64_t> InvitationCodeValue(std::string_view code) {
  if (!InvitationCodeChecks(code)) return std::nullopt;
  uint64_t value = 0;
  for (int i = 0; i < kDataSymbols; ++i) {
    value = (value << 5) | static_cast<uint64_t>(SymbolValue(code[i], /*check=*/false));
  }
  return value;
}

std::string CanonicalInvitationCode(std::string_view code) {
  std::string out(code);
  for (size_t i = 0; i < out.size(); ++i) {
    const bool check = i + 1 == out.size() && out.size() == static_cast<size_t>(kDataSymbols) + 1;
    const int v = SymbolValue(out[i], check);
    if (v >= 0) out[i] = kSymbols[v];
  }
  return out;
}

bool InvitationCodeChecks(std::string_view code) {
  if (code.size() != kDataSymbols + 1) return false;
  uint64_t value = 0;
  for (int i = 0; i < kDataSymbols; ++i) {
    int v = SymbolValue(code[i], /*check=*/false);
    if (v < 0) return false;
    value = (value << 5) | static_cast<uint64_t>(v);
  }
  int check = SymbolValue(code[kDataSymbols], /*check=*/true);
  return check >= 0 && static_cast<uint64_t>(check) == value % 37;
}

}  // namespace cardex::plan
