// JsonWriter must write exactly what nlohmann::json's compact dump (invalid UTF-8 replaced) writes for the same
// document: responses built either way are interchangeable, and stored rows keep their bytes.
#include "core/json_writer.hpp"

#include "core/ids.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <random>

namespace sladesk {
namespace {

std::string Dumped(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string Written(std::string_view text) {
    std::string out;
    JsonWriter(out).String(text);
    return out;
}

TEST(JsonWriterTest, WritesObjectsArraysAndScalarsAsNlohmannDoes) {
    std::string out;
    JsonWriter writer(out);
    writer.BeginObject();
    writer.Key("a").BeginArray().Int(1).Int(-2).Bool(true).Null().EndArray();
    writer.Key("b").BeginObject().EndObject();
    writer.Key("c").BeginArray().EndArray();
    writer.Key("d").Double(75);
    writer.Key("e").Double(0.1);
    writer.Key("f").String("支付\"通道\"\n");
    writer.Key("g").Id(std::optional<TicketId>{});
    writer.Key("h").Id(std::optional<TicketId>{TicketId{42}});
    writer.EndObject();
    const nlohmann::json expected = {{"a", {1, -2, true, nullptr}}, {"b", nlohmann::json::object()},
                                     {"c", nlohmann::json::array()}, {"d", 75.0}, {"e", 0.1},
                                     {"f", "支付\"通道\"\n"}, {"g", nullptr}, {"h", 42}};
    EXPECT_EQ(out, Dumped(expected));
}

TEST(JsonWriterTest, DoublesUseTheShortestRoundTripFormAndNonFiniteIsNull) {
    for (double value : {0.0, 1.0, -1.5, 0.1, 1e300, 1e-7, 123456789.125, 2.0 / 3.0, 1e21, 5e-324}) {
        std::string out;
        JsonWriter(out).Double(value);
        EXPECT_EQ(out, Dumped(value)) << value;
    }
    std::string out;
    JsonWriter(out).Double(std::numeric_limits<double>::quiet_NaN());
    EXPECT_EQ(out, "null");
}

TEST(JsonWriterTest, TimesAreIso8601UtcSeconds) {
    std::string out;
    JsonWriter writer(out);
    writer.BeginArray().Time(FromEpochSeconds(1795809815)).Time(std::optional<UtcTime>{}).EndArray();
    EXPECT_EQ(out, "[\"" + FormatIso8601(FromEpochSeconds(1795809815)) + "\",null]");
}

TEST(JsonWriterTest, EscapesControlCharactersAndReplacesBrokenUtf8LikeNlohmann) {
    const std::vector<std::string> samples = {
        "", "plain", "tab\there", std::string("nul\0byte", 8), "\x01\x1f\x7f", "\\/\"",
        "\xC3\x28",              // bad continuation
        "\xE2\x82",              // cut short at the end
        "\xE0\x80\xAF",          // overlong
        "\xED\xA0\x80",          // surrogate
        "\xF4\x90\x80\x80",      // above U+10FFFF
        "\xF0\x9F\x98\x80 ok",   // a 4-byte character
        "\xFF\xFE", "中文\xE4\xB8", "\xC0\xAF",
    };
    for (const std::string& text : samples) EXPECT_EQ(Written(text), Dumped(text));
}

TEST(JsonWriterTest, RandomBytesAreWrittenAsNlohmannWritesThem) {
    // Bytes drawn mostly from the UTF-8 boundary values, so broken and valid sequences of every length appear.
    const std::vector<unsigned char> interesting = {0x00, 0x1F, 0x20, 0x22, 0x5C, 0x41, 0x7F, 0x80, 0x8F, 0x90,
                                                    0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE4, 0xED,
                                                    0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
    std::mt19937 random(20261127);
    std::uniform_int_distribution<std::size_t> length(0, 12), pick(0, interesting.size() - 1);
    for (int round = 0; round < 20000; ++round) {
        std::string text;
        const std::size_t size = length(random);
        for (std::size_t i = 0; i < size; ++i) text.push_back(static_cast<char>(interesting[pick(random)]));
        ASSERT_EQ(Written(text), Dumped(text)) << "round " << round;
    }
}

}  // namespace
}  // namespace sladesk
