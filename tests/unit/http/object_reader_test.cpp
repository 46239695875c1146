#include "http/json/object_reader.hpp"

#include <gtest/gtest.h>

namespace sladesk::http::json {
namespace {

TEST(ObjectReaderTest, ParseObjectRejectsMalformedAndNonObjects) {
    EXPECT_TRUE(ParseObject("{\"a\":1}"));
    EXPECT_EQ(ParseObject("{\"a\":").error().code(), ErrorCode::kInvalidArgument);
    EXPECT_FALSE(ParseObject("[1,2]"));
    EXPECT_FALSE(ParseObject(""));
    EXPECT_FALSE(ParseObject("\"text\""));
}

TEST(ObjectReaderTest, RejectsNumbersTooLargeForADouble) {
    // Regression: found by the fuzzer; nlohmann throws out_of_range (not parse_error) for these.
    EXPECT_TRUE(ParseObject("99e99099{}").error().Is(ErrorCode::kInvalidArgument));
    EXPECT_TRUE(ParseObject(R"({"priority": 1e999})").error().Is(ErrorCode::kInvalidArgument));
}

TEST(ObjectReaderTest, RejectsInvalidUtf8) {
    EXPECT_FALSE(ParseObject("{\"title\":\"\xff\xfe\"}"));
    EXPECT_FALSE(ParseObject("{\"title\":\"\xe7\x99\"}"));  // truncated multi-byte sequence
    EXPECT_TRUE(ParseObject("{\"title\":\"\xe7\x99\xbb\"}"));
}

TEST(ObjectReaderTest, ReportsTheFirstProblemWithItsField) {
    const auto object = *ParseObject(R"({"title": 5, "internal": "yes"})");
    ObjectReader reader(object);
    reader.String("title", 10);
    reader.OptBool("internal");
    EXPECT_EQ(reader.Finish().error().message(), "title: must be a string");
}

TEST(ObjectReaderTest, RequiresFieldsAndLimitsLengths) {
    const auto object = *ParseObject(R"({"body": "abcdef"})");
    ObjectReader missing(object);
    missing.OptString("body", 100);
    missing.String("title", 10);
    EXPECT_EQ(missing.Finish().error().message(), "title: is required");

    ObjectReader too_long(object);
    too_long.String("body", 3);
    EXPECT_EQ(too_long.Finish().error().message(), "body: is longer than 3 bytes");
}

TEST(ObjectReaderTest, RejectsUnknownFields) {
    const auto object = *ParseObject(R"({"title": "x", "colour": "red"})");
    ObjectReader reader(object);
    reader.String("title", 10);
    EXPECT_EQ(reader.Finish().error().message(), "unknown field 'colour'");
}

TEST(ObjectReaderTest, ChecksIntegerRangesAndNullableIds) {
    const auto object = *ParseObject(R"({"p": 12, "big": 18446744073709551615, "group": null, "assignee": -1})");
    ObjectReader reader(object);
    EXPECT_FALSE(reader.OptInt("p", 1, 9));
    EXPECT_FALSE(reader.Finish());
    ObjectReader big(object);
    big.OptInt("big", 1, 100);
    EXPECT_EQ(big.Finish().error().message(), "big: must be between 1 and 100");
    ObjectReader ids(object);
    const auto group = ids.OptNullableId("group");
    ASSERT_TRUE(group);
    EXPECT_FALSE(group->has_value());
    ids.OptNullableId("assignee");
    EXPECT_EQ(ids.Finish().error().message(), "assignee: must be a positive id or null");
}

}  // namespace
}  // namespace sladesk::http::json
