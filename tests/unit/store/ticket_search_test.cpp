// Text search in ticket lists (q=): Chinese substrings without word breaks, case, internal notes, escaping.
// SQLite answers with FTS5 trigrams (LIKE below three characters), PostgreSQL with pg_trgm ILIKE.
// With PostgreSQL: scripts/with-postgres.sh build/tests/unit/store/store_test
#include <gtest/gtest.h>

#include "backend_fixture.hpp"
#include "seed.hpp"
#include "store/ticket_repo.hpp"

namespace sladesk::store {
namespace {

using Ids = std::vector<TicketId>;

template <typename B>
class TicketSearchTest : public SeededStoreTest<B> {
 protected:
    void SetUp() override {
        SeededStoreTest<B>::SetUp();
        if (::testing::Test::IsSkipped() || ::testing::Test::HasFatalFailure()) return;
        const Directory& d = this->dir_;
        login_ = Index(MakeTicket("无法登录支付宝账户", d.alice, d.east));
        withdrawal_ = Index(MakeTicket("提现失败，余额未到账", d.alice, d.east));
        Ticket printer = MakeTicket("Printer on floor 3 is jammed", d.alice, d.east);
        printer.status = TicketStatus::kResolved;
        printer_ = Index(printer);
        other_customer_ = Index(MakeTicket("账户登录异常", d.bob, d.west));
        ASSERT_TRUE(this->InWrite([&](SqlConnection& db) -> Status {
            SLADESK_TRY(TicketRepo::IndexText(db, printer_, false, "客户回复：换了硒鼓 100% 好了"));
            return TicketRepo::IndexText(db, printer_, true, "内部备注：疑似数据泄露，暂不告知客户");
        }));
    }

    TicketId Index(const Ticket& ticket) {
        auto id = this->InWrite([&](SqlConnection& db) { return InsertIndexed(db, ticket); });
        EXPECT_TRUE(id) << id.error().message();
        return id ? *id : TicketId{};
    }

    Ids Search(const std::string& text, const Actor& actor, TicketQuery query = {}) {
        query.text = text;
        query.descending = false;
        auto tickets = this->InRead([&](SqlConnection& db) { return TicketRepo::List(db, query, actor); });
        EXPECT_TRUE(tickets) << text << ": " << tickets.error().message();
        Ids ids;
        if (tickets) {
            for (const Ticket& ticket : *tickets) ids.push_back(ticket.id);
        }
        return ids;
    }

    TicketId login_, withdrawal_, printer_, other_customer_;
};
TYPED_TEST_SUITE(TicketSearchTest, Backends, BackendNames);

TYPED_TEST(TicketSearchTest, FindsChineseSubstringsOfAnyLength) {
    const Actor staff = this->dir_.AsSupervisor();
    EXPECT_EQ(this->Search("支付宝", staff), (Ids{this->login_}));                       // three characters: trigram
    EXPECT_EQ(this->Search("无法登录支付宝账户", staff), (Ids{this->login_}));           // the whole title
    EXPECT_EQ(this->Search("登录", staff), (Ids{this->login_, this->other_customer_}));  // two characters
    EXPECT_EQ(this->Search("账户", staff), (Ids{this->login_, this->other_customer_}));
    EXPECT_EQ(this->Search("提现", staff), (Ids{this->withdrawal_}));
    EXPECT_EQ(this->Search("余额未到账", staff), (Ids{this->withdrawal_}));
    EXPECT_EQ(this->Search("硒", staff), (Ids{this->printer_}));  // one character, from a reply
    EXPECT_TRUE(this->Search("提款", staff).empty());
    EXPECT_TRUE(this->Search("支付宝钱包", staff).empty());
    EXPECT_TRUE(this->Search("登陆", staff).empty());
}

TYPED_TEST(TicketSearchTest, IgnoresLatinCase) {
    const Actor staff = this->dir_.AsSupervisor();
    EXPECT_EQ(this->Search("printer", staff), (Ids{this->printer_}));
    EXPECT_EQ(this->Search("JAMMED", staff), (Ids{this->printer_}));
    EXPECT_EQ(this->Search("Pr", staff), (Ids{this->printer_}));
}

TYPED_TEST(TicketSearchTest, InternalTextIsFoundByStaffOnly) {
    const Directory& d = this->dir_;
    EXPECT_EQ(this->Search("数据泄露", d.AsSupervisor()), (Ids{this->printer_}));
    EXPECT_EQ(this->Search("泄露", d.AsAgent(d.desk_agent, d.desk)), (Ids{this->printer_}));
    EXPECT_TRUE(this->Search("数据泄露", d.AsCustomer(d.alice, d.east)).empty());
    EXPECT_TRUE(this->Search("泄露", d.AsCustomer(d.alice, d.east)).empty());
    EXPECT_TRUE(this->Search("暂不告知客户", d.AsCustomer(d.carol, d.east, true)).empty());
    // Public text on the same ticket stays findable for its customer.
    EXPECT_EQ(this->Search("换了硒鼓", d.AsCustomer(d.alice, d.east)), (Ids{this->printer_}));
}

TYPED_TEST(TicketSearchTest, RespectsVisibilityAndOtherFilters) {
    const Directory& d = this->dir_;
    EXPECT_EQ(this->Search("登录", d.AsCustomer(d.alice, d.east)), (Ids{this->login_}));
    EXPECT_EQ(this->Search("账户登录", d.AsCustomer(d.bob, d.west)), (Ids{this->other_customer_}));
    EXPECT_TRUE(this->Search("支付宝", d.AsCustomer(d.bob, d.west)).empty());

    TicketQuery resolved;
    resolved.statuses = {TicketStatus::kResolved};
    EXPECT_EQ(this->Search("floor", d.AsSupervisor(), resolved), (Ids{this->printer_}));
    EXPECT_TRUE(this->Search("登录", d.AsSupervisor(), resolved).empty());
}

TYPED_TEST(TicketSearchTest, PatternCharactersAreLiteral) {
    const Actor staff = this->dir_.AsSupervisor();
    EXPECT_EQ(this->Search("100%", staff), (Ids{this->printer_}));
    EXPECT_EQ(this->Search("%", staff), (Ids{this->printer_}));  // only the text that holds a literal '%'
    EXPECT_TRUE(this->Search("0%好", staff).empty());
    EXPECT_TRUE(this->Search("_", staff).empty());
    EXPECT_TRUE(this->Search("登_", staff).empty());
    EXPECT_TRUE(this->Search("\"引号\"", staff).empty());
    EXPECT_TRUE(this->Search("a\\b", staff).empty());
    EXPECT_TRUE(this->Search("' OR 1=1 --", staff).empty());
}

}  // namespace
}  // namespace sladesk::store
