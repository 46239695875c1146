// AuthRepo: tokens (expiry, revocation), idempotency records and settings, on SQLite and PostgreSQL.
// With PostgreSQL: scripts/with-postgres.sh build/tests/unit/store/store_test
#include "store/auth_repo.hpp"

#include <gtest/gtest.h>

#include "backend_fixture.hpp"
#include "seed.hpp"

namespace sladesk::store {
namespace {

template <typename B>
class AuthRepoTest : public SeededStoreTest<B> {
 protected:
    Result<std::int64_t> AddToken(const std::string& hash, UserId user, TokenKind kind, const std::string& name,
                                  std::optional<UtcTime> expires_at) {
        const TokenRecord token{0, user, kind, name, At(0), expires_at};
        return this->InWrite([&](SqlConnection& db) { return AuthRepo::InsertToken(db, hash, token); });
    }

    Result<TokenRecord> Find(const std::string& hash, UtcTime now) {
        return this->InRead([&](SqlConnection& db) { return AuthRepo::FindToken(db, hash, now); });
    }
};
TYPED_TEST_SUITE(AuthRepoTest, Backends, BackendNames);

TYPED_TEST(AuthRepoTest, SessionTokenLivesUntilItExpires) {
    auto id = this->AddToken("hash-session", this->dir_.alice, TokenKind::kSession, "", At(3600));
    ASSERT_TRUE(id) << id.error().message();

    auto live = this->Find("hash-session", At(3599));
    ASSERT_TRUE(live) << live.error().message();
    EXPECT_EQ(live->id, *id);
    EXPECT_EQ(live->user_id, this->dir_.alice);
    EXPECT_EQ(live->kind, TokenKind::kSession);
    EXPECT_EQ(live->created_at, At(0));
    EXPECT_EQ(live->expires_at, At(3600));

    auto expired = this->Find("hash-session", At(3600));
    ASSERT_FALSE(expired);
    EXPECT_TRUE(expired.error().Is(ErrorCode::kNotFound));
    auto unknown = this->Find("hash-unknown", At(0));
    ASSERT_FALSE(unknown);
    EXPECT_TRUE(unknown.error().Is(ErrorCode::kNotFound));
}

TYPED_TEST(AuthRepoTest, RevokedTokenIsGoneAndApiTokensAreListed) {
    const UserId agent = this->dir_.desk_agent;
    ASSERT_TRUE(this->AddToken("hash-api-1", agent, TokenKind::kApi, "wecom bot", std::nullopt));
    ASSERT_TRUE(this->AddToken("hash-api-2", agent, TokenKind::kApi, "监控", std::nullopt));
    ASSERT_TRUE(this->AddToken("hash-session", agent, TokenKind::kSession, "", At(60)));
    ASSERT_TRUE(this->AddToken("hash-other", this->dir_.net_agent, TokenKind::kApi, "other", std::nullopt));

    auto never_expires = this->Find("hash-api-1", At(std::int64_t{100} * 365 * 86400));
    ASSERT_TRUE(never_expires) << never_expires.error().message();
    EXPECT_EQ(never_expires->kind, TokenKind::kApi);
    EXPECT_EQ(never_expires->name, "wecom bot");
    EXPECT_EQ(never_expires->expires_at, std::nullopt);

    ASSERT_TRUE(this->InWrite([](SqlConnection& db) { return AuthRepo::RevokeToken(db, "hash-api-1"); }));
    auto revoked = this->Find("hash-api-1", At(1));
    ASSERT_FALSE(revoked);
    EXPECT_TRUE(revoked.error().Is(ErrorCode::kNotFound));
    EXPECT_TRUE(this->Find("hash-api-2", At(1)));

    auto api = this->InRead([&](SqlConnection& db) { return AuthRepo::ApiTokensOf(db, agent); });
    ASSERT_TRUE(api) << api.error().message();
    ASSERT_EQ(api->size(), 1u);
    EXPECT_EQ((*api)[0].name, "监控");
    EXPECT_EQ((*api)[0].user_id, agent);
}

TYPED_TEST(AuthRepoTest, IdempotencyRecordsAreKeyedByActorAndKey) {
    const UserId alice = this->dir_.alice;
    const UserId bob = this->dir_.bob;
    auto find = [&](UserId actor, const std::string& key) {
        return this->InRead([&](SqlConnection& db) { return AuthRepo::FindIdempotent(db, actor, key); });
    };
    auto save = [&](UserId actor, const std::string& key, const IdempotencyRecord& record) {
        return this->InWrite(
            [&](SqlConnection& db) { return AuthRepo::SaveIdempotent(db, actor, key, record, At(0)); });
    };
    auto none = find(alice, "key-1");
    ASSERT_TRUE(none) << none.error().message();
    EXPECT_EQ(*none, std::nullopt);

    ASSERT_TRUE(save(alice, "key-1", {"sha-a", 201, R"({"id":1,"title":"无法登录"})"}));
    ASSERT_TRUE(save(bob, "key-1", {"sha-b", 400, R"({"error":{}})"}));
    auto again = save(alice, "key-1", {"sha-c", 201, "{}"});
    ASSERT_FALSE(again);
    EXPECT_TRUE(again.error().Is(ErrorCode::kConflict)) << again.error().message();

    auto alices = find(alice, "key-1");
    ASSERT_TRUE(alices) << alices.error().message();
    ASSERT_TRUE(alices->has_value());
    EXPECT_EQ((*alices)->request_hash, "sha-a");
    EXPECT_EQ((*alices)->status, 201);
    EXPECT_EQ((*alices)->response, R"({"id":1,"title":"无法登录"})");
    auto bobs = find(bob, "key-1");
    ASSERT_TRUE(bobs && bobs->has_value());
    EXPECT_EQ((*bobs)->status, 400);
    EXPECT_EQ(find(alice, "key-2").value(), std::nullopt);
}

TYPED_TEST(AuthRepoTest, SettingsUpsert) {
    auto get = [&](const std::string& key) {
        return this->InRead([&](SqlConnection& db) { return AuthRepo::GetSetting(db, key); }).value();
    };
    auto put = [&](const std::string& key, const std::string& value) {
        return this->InWrite([&](SqlConnection& db) { return AuthRepo::PutSetting(db, key, value); });
    };
    EXPECT_EQ(get("priority_matrix"), std::nullopt);
    ASSERT_TRUE(put("priority_matrix", R"({"high":{"high":1}})"));
    ASSERT_TRUE(put("auto_close_days", "3"));
    EXPECT_EQ(get("priority_matrix"), R"({"high":{"high":1}})");
    ASSERT_TRUE(put("priority_matrix", R"({"high":{"high":2}})"));
    EXPECT_EQ(get("priority_matrix"), R"({"high":{"high":2}})");
    EXPECT_EQ(get("auto_close_days"), "3");
}

}  // namespace
}  // namespace sladesk::store
