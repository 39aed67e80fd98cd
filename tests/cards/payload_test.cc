// cards/payload.h, card_number.h and signing_key.h without a store.
#include <gtest/gtest.h>
#include <sodium.h>

#include <filesystem>
#include <fstream>

#include "cardex/cards/card_number.h"
#include "cardex/cards/payload.h"
#include "cardex/cards/signed_file.h"
#include "cardex/cards/signing_key.h"
#include "tests/support/test_env.h"

namespace cardex::cards {
namespace {

SigningKey KeyFrom(uint8_t fill) {
  std::array<uint8_t, 32> seed{};
  seed.fill(fill);
  return SigningKey::FromSeed(seed);
}

CardData Sample() {
  CardData d;
  d.card_no = FormatCardNumber("LD", 125);
  d.member_no = "M0001";
  d.citizen_id = "068085001234";
  d.full_name = "Nguyễn Văn Hùng";
  d.birth_date = "1985-03-02";
  d.gender = "M";
  d.unit_code = "LD.A.C1";
  d.issued_on = "2025-08-20";
  return d;
}

std::string B64(std::string_view bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.pop_back();
  return out;
}

std::string UnB64(std::string_view text) {
  std::string out(text.size(), '\0');
  size_t len = 0;
  EXPECT_EQ(sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                              text.size(), nullptr, &len, nullptr,
                              sodium_base64_VARIANT_URLSAFE_NO_PADDING),
            0);
  out.resize(len);
  return out;
}

TEST(CardNumber, LuhnAndFormat) {
  EXPECT_EQ(LuhnDigit("7992739871"), '3');  // the textbook example
  EXPECT_EQ(FormatCardNumber("LD", 125), "LD-000001255");  // docs/cards.md's example
  EXPECT_EQ(FormatCardNumber("LD", 1), "LD-000000018");
  for (int64_t serial : {1, 9, 10, 12345678, 99999999}) {
    std::string no = FormatCardNumber("LD", serial);
    EXPECT_TRUE(IsWellFormedCardNumber(no)) << no;
    EXPECT_EQ(no.size(), 12u);
  }
  std::string no = FormatCardNumber("LD", 125);
  std::string typo = no;
  typo[5] = typo[5] == '9' ? '8' : static_cast<char>(typo[5] + 1);
  EXPECT_FALSE(IsWellFormedCardNumber(typo));
  EXPECT_FALSE(IsWellFormedCardNumber("-000001250"));
  EXPECT_FALSE(IsWellFormedCardNumber("LD-0000012"));
  EXPECT_FALSE(IsWellFormedCardNumber("LD-00000x250"));
}

TEST(Payload, RoundTripsAndNamesTheKey) {
  SigningKey key = KeyFrom(1);
  auto payload = SignPayload(Sample(), key);
  ASSERT_TRUE(payload.ok()) << payload.status().message();
  EXPECT_EQ(payload->rfind("CDX1.", 0), 0u);
  auto back = VerifyPayload(*payload, key.public_key());
  ASSERT_TRUE(back.ok()) << back.status().message();
  CardData expected = Sample();
  expected.key_id = key.key_id();
  EXPECT_EQ(*back, expected);
  EXPECT_EQ(key.key_id().size(), 16u);
  EXPECT_TRUE(VerifyPayload("  " + *payload + "\n", key.public_key()).ok());
}

TEST(Payload, AnotherKeyFails) {
  auto payload = SignPayload(Sample(), KeyFrom(1));
  auto other = VerifyPayload(*payload, KeyFrom(2).public_key());
  EXPECT_EQ(other.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(other.status().message().find("bad signature"), std::string::npos);
  EXPECT_NE(other.status().message().find(KeyFrom(2).key_id()), std::string::npos);
}

TEST(Payload, OneChangedByteOfDataFails) {
  SigningKey key = KeyFrom(1);
  std::string payload = *SignPayload(Sample(), key);
  size_t a = payload.find('.'), b = payload.rfind('.');
  std::string body = UnB64(payload.substr(a + 1, b - a - 1));
  // Every byte of the body, changed in turn, breaks the signature (or the
  // shape, when it was a length byte).
  for (size_t i = 0; i < body.size(); ++i) {
    std::string changed = body;
    changed[i] = static_cast<char>(changed[i] ^ 0x01);
    std::string tampered = payload.substr(0, a + 1) + B64(changed) + payload.substr(b);
    auto out = VerifyPayload(tampered, key.public_key());
    ASSERT_FALSE(out.ok()) << "byte " << i;
    EXPECT_EQ(out.status().code(), StatusCode::kInvalidArgument);
  }
  // A birth date changed by one digit: a well-formed body, a bad signature.
  std::string changed = body;
  changed[changed.find("1985")] = '2';
  auto out = VerifyPayload(payload.substr(0, a + 1) + B64(changed) + payload.substr(b),
                           key.public_key());
  EXPECT_NE(out.status().message().find("bad signature: the card data was changed"),
            std::string::npos)
      << out.status().message();
}

TEST(Payload, EveryChangedCharacterOfTheTextFails) {
  // Including the last character of each base64url part, whose low bits are
  // padding: a decoder that ignored them would accept a second spelling.
  SigningKey key = KeyFrom(1);
  const std::string payload = *SignPayload(Sample(), key);
  for (size_t i = 0; i < payload.size(); ++i) {
    for (char c : {'A', 'B', 'Q', 'g', 'w', '-', '_', '.'}) {
      if (payload[i] == c) continue;
      std::string changed = payload;
      changed[i] = c;
      EXPECT_FALSE(VerifyPayload(changed, key.public_key()).ok()) << "position " << i << " " << c;
    }
  }
}

TEST(Payload, MalformedAndUnknownVersions) {
  SigningKey key = KeyFrom(1);
  std::string payload = *SignPayload(Sample(), key);
  auto expect_error = [&](const std::string& text, const std::string& words) {
    auto out = VerifyPayload(text, key.public_key());
    ASSERT_FALSE(out.ok()) << text;
    EXPECT_NE(out.status().message().find(words), std::string::npos) << out.status().message();
  };
  expect_error("CDX2" + payload.substr(4), "unknown payload version (this cardex reads CDX1)");
  expect_error("hello", "malformed payload");
  expect_error("CDX1.abc", "malformed payload");
  expect_error(payload + ".x", "malformed payload");
  expect_error(payload.substr(0, payload.size() - 4), "malformed payload");
  expect_error("CDX1.!!!." + payload.substr(payload.rfind('.') + 1), "malformed payload");
  std::string short_body = "CDX1." + B64(std::string("\x00\x05" "ab", 4)) + payload.substr(payload.rfind('.'));
  expect_error(short_body, "truncated");
}

TEST(Payload, RefusesFieldsThatAreNotUtf8) {
  CardData d = Sample();
  d.full_name = "\xC3";
  EXPECT_EQ(SignPayload(d, KeyFrom(1)).status().code(), StatusCode::kInvalidArgument);
}

TEST(SignedFile, DetectsChangesAndOtherKeys) {
  SigningKey key = KeyFrom(4);
  const std::string list = "card_no,kind,reason,at\nLD-000000018,revoked,lost,2025-08-20T02:00:00Z\n";
  std::string sig = SignFile(list, key);
  EXPECT_EQ(sig.rfind("CDXSIG1." + key.key_id() + ".", 0), 0u);
  EXPECT_TRUE(VerifyFileSignature(list, sig, key.public_key()).ok());
  std::string changed = list;
  changed[changed.find("lost")] = 'L';
  Status s = VerifyFileSignature(changed, sig, key.public_key());
  EXPECT_NE(s.message().find("the file was changed"), std::string::npos) << s.message();
  s = VerifyFileSignature(list, sig, KeyFrom(5).public_key());
  EXPECT_NE(s.message().find("signed by key " + key.key_id()), std::string::npos) << s.message();
  EXPECT_NE(VerifyFileSignature(list, "CDXSIG1.x", key.public_key()).message().find("malformed"),
            std::string::npos);
  EXPECT_FALSE(VerifyFileSignature(list, "", key.public_key()).ok());
}

TEST(SigningKey, PublicKeyTextRoundTrips) {
  SigningKey key = KeyFrom(3);
  std::string hex = PublicKeyHex(key.public_key());
  EXPECT_EQ(hex.size(), 64u);
  EXPECT_EQ(*ParsePublicKey(hex + "\n"), key.public_key());
  EXPECT_FALSE(ParsePublicKey(hex.substr(1)).ok());
  EXPECT_FALSE(ParsePublicKey("zz" + hex.substr(2)).ok());
}

TEST(SigningKey, KeyFilesAreCreatedOnceAndReadBack) {
  testing::TempDir dir;
  std::string path = dir.file("card.key");
  auto made = WriteNewKeyFile(path);
  ASSERT_TRUE(made.ok()) << made.status().message();
  EXPECT_EQ((std::filesystem::status(path).permissions() & std::filesystem::perms::all),
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  auto loaded = LoadKeyFile(path);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->public_key(), made->public_key());
  EXPECT_EQ(WriteNewKeyFile(path).status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(LoadKeyFile(dir.file("missing.key")).status().code(), StatusCode::kNotFound);
  std::ofstream(dir.file("bad.key")) << "not a key\n";
  EXPECT_EQ(LoadKeyFile(dir.file("bad.key")).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace cardex::cards
