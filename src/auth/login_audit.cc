#include "cardex/auth/login_audit.h"

#include <string>

namespace cardex {

namespace {

std::string Subject(std::string_view login) {
  std::string s = "user:";
  for (char c : login.substr(0, 64)) s += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
  return s;
}

}  // namespace

Status AuditLogin(Store& store, std::string_view login, std::string_view failure) {
  AuditEntry e{"", failure.empty() ? Subject(login).substr(5) : "anonymous",
               failure.empty() ? "session.login" : "session.login_failed", Subject(login), "",
               std::string(failure)};
  return store.AppendAudit({&e, 1});
}

Status AuditLogout(Store& store, std::string_view login) {
  AuditEntry e{"", std::string(login), "session.logout", Subject(login), "", ""};
  return store.AppendAudit({&e, 1});
}

}  // namespace cardex
