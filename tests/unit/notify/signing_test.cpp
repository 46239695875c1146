// Signing and encoding helpers against published vectors (RFC 4231, RFC 4648) and Python's hmac/base64.
#include "notify/signing.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

namespace sladesk::notify {
namespace {

// libsodium wants sodium_init() once before use; `sladesk serve` does it at start, the tests here.
const int kSodiumReady = sodium_init();

TEST(SigningTest, HmacSha256MatchesRfc4231) {
    ASSERT_GE(kSodiumReady, 0);
    EXPECT_EQ(Hex(HmacSha256("Jefe", "what do ya want for nothing?")),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    // A key longer than the block size is hashed first (RFC 4231 case 6).
    EXPECT_EQ(Hex(HmacSha256(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First")),
              "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(SigningTest, Sha256AndBase64) {
    EXPECT_EQ(Hex(Sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(Base64(""), "");
    EXPECT_EQ(Base64("f"), "Zg==");
    EXPECT_EQ(Base64("foobar"), "Zm9vYmFy");
    EXPECT_EQ(Base64("工单超时"), "5bel5Y2V6LaF5pe2");
}

TEST(SigningTest, UrlEncodeKeepsOnlyUnreserved) {
    EXPECT_EQ(UrlEncode("a+b/c=d"), "a%2Bb%2Fc%3Dd");
    EXPECT_EQ(UrlEncode("AZaz09-._~"), "AZaz09-._~");
    EXPECT_EQ(UrlEncode("工 x"), "%E5%B7%A5%20x");
}

}  // namespace
}  // namespace sladesk::notify
