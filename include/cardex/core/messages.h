// The one catalogue of texts people read: error and notice messages, and
// the terms they are built from (roles, permissions, exchange states,
// verdicts, field names, exception reasons, genders, member statuses).
//
// Contract:
// - Every entry has a stable id (snake_case, dotted for terms: "state.invited",
//   "role.station_officer", "field.birth_date"), a Vietnamese text (the
//   default language) and an English text. Ids are part of the API: an error
//   answer carries its message id beside the machine `code`, and clients and
//   tests may rely on it; texts may be reworded, ids never change meaning.
// - Texts take positional arguments {0} … {9}. An argument is data (a member
//   number, a count, a code): it is inserted as is. Two forms are words
//   instead, said in the message's language: "@ID" is the catalogue entry ID
//   ("@state.invited", "@perm.desk_confirm"), and "@fields:a;b" a field list
//   (FieldList). Escaping for HTML or JSON is the caller's job.
// - A message never carries personal data beyond what its caller was allowed
//   to show (member numbers and codes yes; names, birth dates, citizen ids no).
// - A capability that refuses something a person will read returns
//   Status::Coded(code, id, args) (core/status.h): the Status keeps the id and
//   the arguments, and its message() is the English text, for the command
//   line and the logs. The HTTP layer renders the id in the language the
//   request asked for (Accept-Language for the API, the page's language
//   switch for pages).
// - Unknown ids render as the id itself, so a typo shows instead of vanishing;
//   tests/core/messages_test.cc checks that every id used in src/ exists and
//   that no Vietnamese text is missing or left in English.
//
// Thread safety: the catalogue is a constant table; every function is pure.
#ifndef CARDEX_CORE_MESSAGES_H_
#define CARDEX_CORE_MESSAGES_H_

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cardex {

enum class Lang { kVi, kEn };

struct CatalogueEntry {
  std::string_view id;
  std::string_view vi;
  std::string_view en;
};

// Every entry, in the catalogue's order (for tests and documentation).
std::span<const CatalogueEntry> Catalogue();

// The entry with `id`, or null.
const CatalogueEntry* FindMessage(std::string_view id);

// The text of `id` in `lang` with {0}… replaced by `args` (missing
// arguments leave the placeholder).
std::string Msg(Lang lang, std::string_view id, std::span<const std::string> args);
std::string Msg(Lang lang, std::string_view id, std::initializer_list<std::string_view> args = {});

// A term's text: Term(kVi, "state", "invited") is the entry "state.invited";
// an unknown term comes back as `name` itself (data the catalogue does not know,
// such as a new state a newer server sends).
std::string_view Term(Lang lang, std::string_view kind, std::string_view name);

// A ";"-separated list of field names ("birth_date;gender") as people read it:
// "ngày sinh, giới tính".
std::string FieldList(Lang lang, std::string_view fields);

// The language an Accept-Language header asks for: the tag of highest
// quality among "vi" and "en" (with or without a region); Vietnamese when it
// names neither or is absent.
Lang LangFromAcceptLanguage(std::string_view header);

}  // namespace cardex

#endif  // CARDEX_CORE_MESSAGES_H_
