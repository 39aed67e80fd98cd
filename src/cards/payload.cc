#include "cardex/cards/payload.h"

#include <sodium.h>

#include <array>
#include <cctype>

#include "cardex/core/text.h"
#include "cards_internal.h"

namespace cardex::cards_internal {

std::string Base64Url(std::string_view bytes) {
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_encoded_len(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), kVariant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

// Strict: any character outside the alphabet, or padding, fails.
bool FromBase64Url(std::string_view text, std::string* out) {
  out->assign(text.size(), '\0');
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out->data()), out->size(), text.data(),
                        text.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != text.data() + text.size()) {
    return false;
  }
  out->resize(len);
  return true;
}

std::string ShownKeyId(std::string_view claimed) {
  bool hex = claimed.size() == 16;
  for (char c : claimed) hex = hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  return hex ? std::string(claimed) : "(not a key id)";
}

}  // namespace cardex::cards_internal

namespace cardex::cards {

using cards_internal::Base64Url;
using cards_internal::FromBase64Url;

namespace {

constexpr size_t kFieldCount = 9;

std::array<std::string*, kFieldCount> Fields(CardData& d) {
  return {&d.card_no,   &d.member_no, &d.citizen_id, &d.full_name, &d.birth_date,
          &d.gender,    &d.unit_code, &d.issued_on,  &d.key_id};
}

constexpr std::array<std::string_view, kFieldCount> kFieldNames = {
    "card_no", "member_no", "citizen_id", "full_name", "birth_date",
    "gender",  "unit_code", "issued_on",  "key_id"};

Status Malformed(std::string why) { return Status::InvalidArgument("malformed payload: " + why); }

Result<CardData> ParseBody(std::string_view body) {
  CardData data;
  auto fields = Fields(data);
  for (size_t i = 0; i < kFieldCount; ++i) {
    if (body.size() < 2) return Malformed("the body ends before " + std::string(kFieldNames[i]));
    size_t len = (static_cast<unsigned char>(body[0]) << 8) | static_cast<unsigned char>(body[1]);
    body.remove_prefix(2);
    if (body.size() < len) return Malformed(std::string(kFieldNames[i]) + " is truncated");
    fields[i]->assign(body.substr(0, len));
    body.remove_prefix(len);
    if (FindInvalidUtf8(*fields[i])) {
      return Malformed(std::string(kFieldNames[i]) + " is not UTF-8");
    }
  }
  if (!body.empty()) return Malformed("bytes after the last field");
  return data;
}

}  // namespace

Result<std::string> SignPayload(CardData data, const SigningKey& key) {
  data.key_id = key.key_id();
  std::string body;
  auto fields = Fields(data);
  for (size_t i = 0; i < kFieldCount; ++i) {
    const std::string& f = *fields[i];
    if (f.size() > 0xFFFF || FindInvalidUtf8(f)) {
      return Status::InvalidArgument("card field " + std::string(kFieldNames[i]) +
                                     " is not UTF-8 of at most 65535 bytes");
    }
    body.push_back(static_cast<char>(f.size() >> 8));
    body.push_back(static_cast<char>(f.size() & 0xFF));
    body += f;
  }
  std::string signed_text = std::string(kPayloadVersion) + "." + Base64Url(body);
  return signed_text + "." + Base64Url(key.Sign(signed_text));
}

Result<CardData> VerifyPayload(std::string_view payload, const PublicKey& public_key) {
  while (!payload.empty() && std::isspace(static_cast<unsigned char>(payload.front()))) {
    payload.remove_prefix(1);
  }
  while (!payload.empty() && std::isspace(static_cast<unsigned char>(payload.back()))) {
    payload.remove_suffix(1);
  }
  size_t first = payload.find('.');
  if (first == std::string_view::npos) return Malformed("no version tag (expected CDX1.…)");
  std::string_view version = payload.substr(0, first);
  if (version != kPayloadVersion) {
    // Not quoted: whatever was given in its place may be a card's data.
    return Status::InvalidArgument("unknown payload version (this cardex reads " +
                                   std::string(kPayloadVersion) + ")");
  }
  size_t second = payload.find('.', first + 1);
  if (second == std::string_view::npos || payload.find('.', second + 1) != std::string_view::npos) {
    return Malformed("expected three parts separated by dots");
  }
  std::string body, sig;
  if (!FromBase64Url(payload.substr(first + 1, second - first - 1), &body)) {
    return Malformed("the body is not base64url");
  }
  if (!FromBase64Url(payload.substr(second + 1), &sig) || sig.size() != crypto_sign_BYTES) {
    return Malformed("the signature is not 64 bytes of base64url");
  }
  CARDEX_ASSIGN_OR_RETURN(CardData data, ParseBody(body));
  std::string_view signed_text = payload.substr(0, second);
  if (crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig.data()),
                                  reinterpret_cast<const unsigned char*>(signed_text.data()),
                                  signed_text.size(), public_key.data()) != 0) {
    std::string given = KeyId(public_key);
    if (data.key_id != given) {
      return Status::InvalidArgument("bad signature: the payload names key " +
                                   cards_internal::ShownKeyId(data.key_id) +
                                     ", the public key given is " + given);
    }
    return Status::InvalidArgument("bad signature: the card data was changed after signing");
  }
  return data;
}

}  // namespace cardex::cards
