// The people-facing forms of a cell's invitations (invitations.h): the
// list as a spreadsheet (CELL.xlsx) and a printable PDF (CELL.pdf) with the
// list and one cut-out card per member carrying a QR code of the member's
// invitation code. Text is Vietnamese. No citizen id appears: the cards are
// handed to the members themselves.
#ifndef CARDEX_SRC_PLAN_INVITATION_DOCUMENTS_H_
#define CARDEX_SRC_PLAN_INVITATION_DOCUMENTS_H_

#include <span>
#include <string>
#include <vector>

#include "cardex/core/dates.h"
#include "cardex/core/status.h"
#include "cardex/plan/invitations.h"

namespace cardex::plan {

struct CellHeading {
  std::string code;         // LD.HAMTIEN.C07
  std::string name;         // Chi bộ thôn 7
  std::string parent_name;  // Xã Hàm Tiến; "" for none
  Date made_on;             // printed as the date the list was made
};

// "Thứ Ba, 05/08/2025" for "2025-08-05..."; the text itself when unreadable.
std::string VietnameseDay(std::string_view iso_date_time);

Status WriteInvitationXlsx(const std::string& path, const CellHeading& cell,
                           std::span<const InvitationInfo> infos);
Status WriteInvitationPdf(const std::string& path, const CellHeading& cell,
                          std::span<const InvitationInfo> infos);

// One PDF for a unit above cells, for bulk printing: each cell's list and
// cards in turn (each cell from a new page), in the order given.
struct CellInvitations {
  CellHeading heading;
  std::vector<InvitationInfo> infos;
};
Status WriteUnitInvitationPdf(const std::string& path, const std::string& unit_label, Date made_on,
                              std::span<const CellInvitations> cells);

}  // namespace cardex::plan

#endif  // CARDEX_SRC_PLAN_INVITATION_DOCUMENTS_H_
