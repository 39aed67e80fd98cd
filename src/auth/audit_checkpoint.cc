#include "cardex/auth/audit_checkpoint.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "sodium_init.h"

namespace cardex {

namespace {

std::string Hex(const uint8_t* bytes, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Exactly 2*N hex digits.
template <size_t N>
bool ParseHex(std::string_view text, std::array<uint8_t, N>* out) {
  if (text.size() != 2 * N) return false;
  size_t len = 0;
  const char* end = nullptr;
  return sodium_hex2bin(out->data(), N, text.data(), text.size(), nullptr, &len, &end) == 0 &&
         len == N && end == text.data() + text.size();
}

std::string KeyIdOf(const std::array<uint8_t, 32>& public_key) {
  uint8_t digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, public_key.data(), public_key.size());
  return Hex(digest, 8);
}

std::string SignedText(int64_t seq, std::string_view hash, std::string_view at) {
  std::string m(kAuditCheckpointTag);
  m += "\n" + std::to_string(seq) + "\n";
  m += hash;
  m += "\n";
  m += at;
  m += "\n";
  return m;
}

bool Printable(std::string_view s) {
  for (char c : s) {
    if (c <= ' ' || c == 0x7F) return false;
  }
  return true;
}

}  // namespace

Result<AuditCheckpointKey> AuditCheckpointKey::Load(const std::string& path) {
  CARDEX_RETURN_IF_ERROR(auth_internal::EnsureSodium());
  std::ifstream in(path);
  if (!in) return Status::NotFound(path + ": cannot read the audit checkpoint key");
  std::stringstream text;
  text << in.rdbuf();
  std::array<uint8_t, 32> seed{};
  if (!ParseHex(Trim(text.str()), &seed)) {
    return Status::InvalidArgument(path + ": not an audit checkpoint key (64 hex digits)");
  }
  AuditCheckpointKey key;
  crypto_sign_seed_keypair(key.public_key_.data(), key.secret_key_.data(), seed.data());
  sodium_memzero(seed.data(), seed.size());
  key.key_id_ = KeyIdOf(key.public_key_);
  return key;
}

Result<AuditCheckpointKey> AuditCheckpointKey::Create(const std::string& path) {
  CARDEX_RETURN_IF_ERROR(auth_internal::EnsureSodium());
  std::array<uint8_t, 32> seed{};
  randombytes_buf(seed.data(), seed.size());
  const std::string hex = Hex(seed.data(), seed.size()) + "\n";
  sodium_memzero(seed.data(), seed.size());
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return Status::AlreadyExists(path + ": exists; a key is never overwritten");
    return Status::Unavailable(path + ": " + std::strerror(errno));
  }
  bool ok = ::write(fd, hex.data(), hex.size()) == static_cast<ssize_t>(hex.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Status::Unavailable(path + ": cannot write the key");
  return Load(path);
}

std::string AuditCheckpointKey::public_key_hex() const {
  return Hex(public_key_.data(), public_key_.size());
}

std::string AuditCheckpointKey::SignHex(std::string_view message) const {
  uint8_t sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), secret_key_.data());
  return Hex(sig, sizeof sig);
}

std::string AuditCheckpoint::Line() const {
  return std::string(kAuditCheckpointTag) + " " + std::to_string(seq) + " " +
         (hash.empty() ? "-" : hash) + " " + at + " " + key_id + " " + signature;
}

AuditCheckpoint SignAuditCheckpoint(const AuditCheckpointKey& key, int64_t seq,
                                    std::string_view hash, std::string_view at) {
  AuditCheckpoint c{seq, std::string(hash), std::string(at), key.key_id(), ""};
  c.signature = key.SignHex(SignedText(seq, hash, at));
  return c;
}

Result<int64_t> AuditHeadSeq(Store& store) {
  CARDEX_ASSIGN_OR_RETURN(SqlRows head, store.Query("SELECT seq FROM audit_head WHERE id = 1"));
  if (head.empty()) return Status::FailedPrecondition("audit_head has no row");
  return head.Int(0, 0);
}

Result<AuditCheckpoint> WriteAuditCheckpoint(Store& store, const AuditCheckpointKey& key,
                                             const std::string& file, std::string_view at) {
  CARDEX_ASSIGN_OR_RETURN(SqlRows head, store.Query("SELECT seq, hash FROM audit_head WHERE id = 1"));
  if (head.empty()) return Status::FailedPrecondition("audit_head has no row: not signed");
  const int64_t seq = head.Int(0, 0);
  const std::string hash(head.Text(0, 1));
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows last,
      store.Query("SELECT seq, entry_hash FROM audit_log ORDER BY audit_id DESC LIMIT 1"));
  const bool matches = last.empty() ? seq == 0 : last.Int(0, 0) == seq && last.Text(0, 1) == hash;
  if (!matches) {
    return Status::FailedPrecondition(
        "audit_head (seq " + std::to_string(seq) +
        ") is not the newest entry: not signed; run cardex audit verify");
  }
  AuditCheckpoint c = SignAuditCheckpoint(key, seq, hash, at);
  const std::string line = c.Line() + "\n";
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return Status::Unavailable(file + ": " + std::strerror(errno));
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Status::Unavailable(file + ": cannot append the checkpoint");
  return c;
}

Result<std::vector<AuditCheckpoint>> ReadAuditCheckpoints(const std::string& file,
                                                          std::string_view public_key_hex) {
  CARDEX_RETURN_IF_ERROR(auth_internal::EnsureSodium());
  std::array<uint8_t, 32> public_key{};
  if (!ParseHex(Trim(public_key_hex), &public_key)) {
    return Status::InvalidArgument("the public key is not 64 hex digits");
  }
  const std::string key_id = KeyIdOf(public_key);
  std::ifstream in(file);
  if (!in) return Status::NotFound(file + ": cannot read the checkpoints");
  std::vector<AuditCheckpoint> out;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    auto bad = [&](const std::string& what) {
      return Status::InvalidArgument(file + ":" + std::to_string(n) + ": " + what);
    };
    std::string_view text = Trim(line);
    if (text.empty() || text.front() == '#') continue;
    std::vector<std::string_view> f;
    while (!text.empty() && f.size() < 7) {
      size_t sp = text.find(' ');
      f.push_back(text.substr(0, sp));
      text = sp == std::string_view::npos ? std::string_view() : text.substr(sp + 1);
    }
    if (f.size() != 6 || !text.empty() || f[0] != kAuditCheckpointTag) {
      return bad("not a checkpoint line (" + std::string(kAuditCheckpointTag) +
                 " SEQ HASH AT KEY_ID SIGNATURE)");
    }
    AuditCheckpoint c;
    const std::string_view seq = f[1];
    if (seq.empty() || seq.size() > 18 ||
        seq.find_first_not_of("0123456789") != std::string_view::npos) {
      return bad("the seq is not a number");
    }
    c.seq = std::stoll(std::string(seq));
    c.hash = f[2] == "-" ? "" : std::string(f[2]);
    c.at = f[3];
    c.key_id = f[4];
    c.signature = f[5];
    if (!Printable(c.at) || c.at.size() > 40) return bad("the time is malformed");
    if (c.key_id != key_id) {
      return bad("signed by key " + c.key_id.substr(0, 16) + ", not by " + key_id +
                 " (the given public key): forged, or the wrong key");
    }
    std::array<uint8_t, crypto_sign_BYTES> sig{};
    const std::string message = SignedText(c.seq, c.hash, c.at);
    if (!ParseHex(c.signature, &sig) ||
        crypto_sign_verify_detached(sig.data(), reinterpret_cast<const unsigned char*>(message.data()),
                                    message.size(), public_key.data()) != 0) {
      return bad("the signature does not match: the checkpoint was forged or edited");
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace cardex
