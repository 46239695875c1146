// ArticleRepo: public replies and internal notes, attachment metadata, canned responses, on both backends.
// With PostgreSQL: scripts/with-postgres.sh build/tests/unit/store/store_test
#include "store/article_repo.hpp"

#include <gtest/gtest.h>

#include "backend_fixture.hpp"
#include "seed.hpp"

namespace sladesk::store {
namespace {

template <typename B>
class ArticleRepoTest : public SeededStoreTest<B> {
 protected:
    void SetUp() override {
        SeededStoreTest<B>::SetUp();
        if (::testing::Test::IsSkipped() || ::testing::Test::HasFatalFailure()) return;
        ticket_ = this->Insert(MakeTicket("电表读数异常", this->dir_.alice, this->dir_.east));
    }

    ArticleId Add(Article article) {
        article.ticket_id = ticket_;
        auto id = this->InWrite([&](SqlConnection& db) { return ArticleRepo::Insert(db, article); });
        EXPECT_TRUE(id) << id.error().message();
        return id ? *id : ArticleId{};
    }

    /// An article by `author` on this fixture's ticket.
    static Article Text(UserId author, bool internal, Channel channel, std::string body, UtcTime at,
                        std::vector<Attachment> attachments) {
        Article article;
        article.author_id = author;
        article.internal = internal;
        article.channel = channel;
        article.body = std::move(body);
        article.created_at = at;
        article.attachments = std::move(attachments);
        return article;
    }

    static Attachment File(const std::string& name, std::int64_t size, const std::string& sha256) {
        Attachment attachment;
        attachment.filename = name;
        attachment.content_type = "image/png";
        attachment.size = size;
        attachment.sha256 = sha256;
        return attachment;
    }

    TicketId ticket_;
};
TYPED_TEST_SUITE(ArticleRepoTest, Backends, BackendNames);

TYPED_TEST(ArticleRepoTest, InternalNotesAndTheirAttachmentsAreHiddenOnRequest) {
    const Directory& d = this->dir_;
    const ArticleId question = this->Add(this->Text(d.alice, false, Channel::kWeb, "电表读数比上月高三倍", At(10),
                                                    {this->File("电表.png", 2048, std::string(64, 'a'))}));
    const ArticleId note = this->Add(this->Text(d.desk_agent, true, Channel::kPhone, "疑似抄表错误，转二线", At(20),
                                                {this->File("log.txt", 99, std::string(64, 'b'))}));
    const ArticleId reply = this->Add(this->Text(d.desk_agent, false, Channel::kEmail, "已安排复核", At(30), {}));

    auto everything = this->InRead([&](SqlConnection& db) { return ArticleRepo::ForTicket(db, this->ticket_, true); });
    ASSERT_TRUE(everything) << everything.error().message();
    ASSERT_EQ(everything->size(), 3u);
    EXPECT_EQ((*everything)[0].id, question);
    EXPECT_EQ((*everything)[1].id, note);
    EXPECT_EQ((*everything)[2].id, reply);
    const Article& stored_note = (*everything)[1];
    EXPECT_EQ(stored_note.ticket_id, this->ticket_);
    EXPECT_EQ(stored_note.author_id, d.desk_agent);
    EXPECT_TRUE(stored_note.internal);
    EXPECT_EQ(stored_note.channel, Channel::kPhone);
    EXPECT_EQ(stored_note.body, "疑似抄表错误，转二线");
    EXPECT_EQ(stored_note.created_at, At(20));
    ASSERT_EQ(stored_note.attachments.size(), 1u);
    EXPECT_EQ(stored_note.attachments[0].filename, "log.txt");
    EXPECT_TRUE((*everything)[2].attachments.empty());

    auto public_only =
        this->InRead([&](SqlConnection& db) { return ArticleRepo::ForTicket(db, this->ticket_, false); });
    ASSERT_TRUE(public_only) << public_only.error().message();
    ASSERT_EQ(public_only->size(), 2u);
    EXPECT_EQ((*public_only)[0].id, question);
    EXPECT_EQ((*public_only)[1].id, reply);
    for (const Article& article : *public_only) {
        EXPECT_FALSE(article.internal);
        for (const Attachment& attachment : article.attachments) EXPECT_NE(attachment.filename, "log.txt");
    }
    ASSERT_EQ((*public_only)[0].attachments.size(), 1u);
}

TYPED_TEST(ArticleRepoTest, AttachmentMetadataRoundTrips) {
    const Directory& d = this->dir_;
    const std::string hash(64, 'c');
    const ArticleId article = this->Add(this->Text(d.alice, false, Channel::kWeb, "见附件", At(5),
                                                   {this->File("账单 2025-03.pdf", 123456789012, hash)}));
    const ArticleId note = this->Add(this->Text(d.desk_agent, true, Channel::kWeb, "内部", At(6),
                                                {this->File("trace.log", 1, std::string(64, 'd'))}));
    auto articles = this->InRead([&](SqlConnection& db) { return ArticleRepo::ForTicket(db, this->ticket_, true); });
    ASSERT_TRUE(articles) << articles.error().message();
    ASSERT_EQ(articles->size(), 2u);
    const Attachment listed = (*articles)[0].attachments.at(0);
    const Attachment internal = (*articles)[1].attachments.at(0);

    auto fetched = this->InRead([&](SqlConnection& db) { return ArticleRepo::GetAttachment(db, listed.id); });
    ASSERT_TRUE(fetched) << fetched.error().message();
    EXPECT_EQ(fetched->id, listed.id);
    EXPECT_EQ(fetched->ticket_id, this->ticket_);
    EXPECT_EQ(fetched->article_id, article);
    EXPECT_EQ(fetched->filename, "账单 2025-03.pdf");
    EXPECT_EQ(fetched->content_type, "image/png");
    EXPECT_EQ(fetched->size, 123456789012);
    EXPECT_EQ(fetched->sha256, hash);
    EXPECT_EQ(fetched->created_at, At(5));
    EXPECT_EQ(internal.article_id, note);

    auto is_internal = [&](AttachmentId id) {
        return this->InRead([&](SqlConnection& db) { return ArticleRepo::AttachmentIsInternal(db, id); });
    };
    EXPECT_EQ(is_internal(listed.id).value(), false);
    EXPECT_EQ(is_internal(internal.id).value(), true);
    auto missing = this->InRead([](SqlConnection& db) { return ArticleRepo::GetAttachment(db, AttachmentId{9999}); });
    ASSERT_FALSE(missing);
    EXPECT_TRUE(missing.error().Is(ErrorCode::kNotFound));
    ASSERT_FALSE(is_internal(AttachmentId{9999}));
}

TYPED_TEST(ArticleRepoTest, ArticleOnMissingTicketIsRejected) {
    Article orphan{{}, TicketId{777}, this->dir_.alice, false, Channel::kWeb, "?", At(0), {}};
    auto id = this->InWrite([&](SqlConnection& db) { return ArticleRepo::Insert(db, orphan); });
    ASSERT_FALSE(id);
    EXPECT_TRUE(id.error().Is(ErrorCode::kConflict)) << id.error().message();
}

// Regression: the count once included customers' articles and internal notes.
TYPED_TEST(ArticleRepoTest, CountArticlesCountsOnlyPublicStaffReplies) {
    const Directory& d = this->dir_;
    this->Add(this->Text(d.alice, false, Channel::kWeb, "customer asks", At(1), {}));
    this->Add(this->Text(d.desk_agent, true, Channel::kWeb, "internal note", At(2), {}));
    this->Add(this->Text(d.desk_agent, false, Channel::kWeb, "public reply", At(3), {}));
    auto count = this->InRead([&](SqlConnection& db) { return ArticleRepo::CountArticles(db, this->ticket_); });
    ASSERT_TRUE(count) << count.error().message();
    EXPECT_EQ(*count, 1);
}

TYPED_TEST(ArticleRepoTest, CannedResponsesUpsertByName) {
    auto upsert = [&](const std::string& name, const std::string& language, const std::string& body) {
        return this->InWrite([&](SqlConnection& db) {
            return ArticleRepo::UpsertCanned(db, CannedResponse{{}, name, language, body}, At(0));
        });
    };
    auto greeting = upsert("greeting", "zh-CN", "您好，{{customer.name}}");
    ASSERT_TRUE(greeting) << greeting.error().message();
    auto closing = upsert("closing", "en", "Regards");
    ASSERT_TRUE(closing) << closing.error().message();
    auto updated = upsert("greeting", "zh-CN", "您好，{{customer.name}}，感谢来电");
    ASSERT_TRUE(updated) << updated.error().message();
    EXPECT_EQ(*updated, *greeting);
    EXPECT_NE(*closing, *greeting);

    auto list = this->InRead([](SqlConnection& db) { return ArticleRepo::ListCanned(db); });
    ASSERT_TRUE(list) << list.error().message();
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].name, "closing");
    EXPECT_EQ((*list)[1].name, "greeting");
    EXPECT_EQ((*list)[1].body, "您好，{{customer.name}}，感谢来电");

    auto one = this->InRead([&](SqlConnection& db) { return ArticleRepo::GetCanned(db, *closing); });
    ASSERT_TRUE(one) << one.error().message();
    EXPECT_EQ(one->id, *closing);
    EXPECT_EQ(one->language, "en");
    EXPECT_EQ(one->body, "Regards");
    auto missing = this->InRead([](SqlConnection& db) { return ArticleRepo::GetCanned(db, CannedResponseId{999}); });
    ASSERT_FALSE(missing);
    EXPECT_TRUE(missing.error().Is(ErrorCode::kNotFound));
}

}  // namespace
}  // namespace sladesk::store
