// Status and Result<T>: how every Cardex layer reports failure.
//
// No exceptions cross a layer boundary. A function that can fail returns a
// Status (or a Result<T> holding either a value or a non-ok Status). The
// message is written for the person who will read it: it names the file,
// line, column or field and says what was expected. Messages never contain
// personal data (citizen ids, names, birth dates) unless the caller asked for
// a row-level report that the user owns (import errors quote column names and
// positions, not values).
//
// Thread safety: Status and Result are values; distinct objects may be used
// from different threads freely.
#ifndef CARDEX_CORE_STATUS_H_
#define CARDEX_CORE_STATUS_H_

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "cardex/core/messages.h"

namespace cardex {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // bad input from a person or a file
  kNotFound,            // a named thing does not exist
  kAlreadyExists,
  kFailedPrecondition,  // e.g. schema not initialised
  kIoError,             // filesystem or network failure
  kUnavailable,         // a server (PostgreSQL, the registry) cannot be reached
  kInternal,            // a bug or a database constraint we did not expect
  kUnauthenticated,     // no valid session, or a login that failed (HTTP 401)
  kPermissionDenied,    // known caller, not allowed; also a locked account (HTTP 403)
  kResourceExhausted,   // too many attempts from one client: retry later (HTTP 429)
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // ok

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
  static Status FailedPrecondition(std::string m) { return {StatusCode::kFailedPrecondition, std::move(m)}; }
  static Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
  static Status Unauthenticated(std::string m) { return {StatusCode::kUnauthenticated, std::move(m)}; }
  static Status PermissionDenied(std::string m) { return {StatusCode::kPermissionDenied, std::move(m)}; }
  static Status ResourceExhausted(std::string m) { return {StatusCode::kResourceExhausted, std::move(m)}; }
  // A refusal a person reads, from the message catalogue (core/messages.h):
  // the Status keeps the id and the arguments, so the HTTP layer can say it
  // in the reader's language; message() is the English text.
  static Status Coded(StatusCode c, std::string_view id, std::vector<std::string> args = {}) {
    Status s(c, Msg(Lang::kEn, id, args));
    s.id_ = std::string(id);
    s.args_ = std::move(args);
    return s;
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // The catalogue id ("" for a Status built from free text) and its arguments.
  const std::string& message_id() const { return id_; }
  const std::vector<std::string>& message_args() const { return args_; }
  // The text in `lang` when the Status is coded, else message().
  std::string Localized(Lang lang) const { return id_.empty() ? message_ : Msg(lang, id_, args_); }

  // Returns a copy whose message is "context: message" (the catalogue id,
  // if any, is kept: the context is for the command line and the logs).
  Status WithContext(const std::string& context) const {
    if (ok()) return *this;
    Status s = *this;
    s.message_ = context + ": " + message_;
    return s;
  }

 private:
  Status(StatusCode c, std::string m) : code_(c), message_(std::move(m)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string id_;
  std::vector<std::string> args_;
};

// A value or the Status that explains why there is none. Constructing a
// Result from an ok Status is a programming error (it becomes kInternal).
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT
    if (std::get<Status>(v_).ok()) v_ = Status::Internal("Result built from an ok Status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace cardex

#define CARDEX_CONCAT_INNER_(a, b) a##b
#define CARDEX_CONCAT_(a, b) CARDEX_CONCAT_INNER_(a, b)

#define CARDEX_RETURN_IF_ERROR(expr)          \
  do {                                        \
    ::cardex::Status cardex_status_ = (expr); \
    if (!cardex_status_.ok()) return cardex_status_; \
  } while (0)

#define CARDEX_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()

#define CARDEX_ASSIGN_OR_RETURN(lhs, expr) \
  CARDEX_ASSIGN_OR_RETURN_IMPL_(CARDEX_CONCAT_(cardex_result_, __LINE__), lhs, expr)

#endif  // CARDEX_CORE_STATUS_H_
