#include "service/passwords.hpp"

#include <gtest/gtest.h>

namespace sladesk::service {
namespace {

TEST(PasswordsTest, HashesWithArgon2idAndVerifies) {
    ASSERT_TRUE(InitCrypto());
    const auto hash = HashPassword("correct horse 电池");
    ASSERT_TRUE(hash);
    EXPECT_TRUE(hash->starts_with("$argon2id$"));
    EXPECT_TRUE(VerifyPassword("correct horse 电池", *hash));
    EXPECT_FALSE(VerifyPassword("correct horse", *hash));
    EXPECT_NE(*HashPassword("same"), *HashPassword("same"));  // salted
}

TEST(PasswordsTest, RejectsEmptyAndHugePasswords) {
    ASSERT_TRUE(InitCrypto());
    EXPECT_FALSE(HashPassword(""));
    EXPECT_FALSE(HashPassword(std::string(1025, 'x')));
}

TEST(PasswordsTest, TokensAreRandomAndStoredOnlyAsHashes) {
    ASSERT_TRUE(InitCrypto());
    const std::string a = NewToken();
    EXPECT_EQ(a.size(), 64u);
    EXPECT_NE(a, NewToken());
    EXPECT_EQ(TokenHash(a).size(), 64u);
    EXPECT_NE(TokenHash(a), a);
    EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace sladesk::service
