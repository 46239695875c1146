#include "service/policy.hpp"

#include <nlohmann/json.hpp>

#include "store/auth_repo.hpp"

namespace sladesk::service {
namespace {

constexpr const char* kPolicySetting = "policy";
constexpr const char* kRevisionSetting = "policy_revision";

}  // namespace

std::string EncodePolicy(const Policy& policy) {
    nlohmann::json matrix{{"impacts", policy.priority_matrix.impacts()},
                          {"urgencies", policy.priority_matrix.urgencies()},
                          {"cells", policy.priority_matrix.cells()},
                          {"grade_raise", policy.priority_matrix.grade_raise()}};
    nlohmann::json document{{"priority_matrix", matrix},
                            {"customer_classes", policy.customer_classes},
                            {"customer_grades", policy.customer_grades},
                            {"auto_close_working_days", policy.auto_close_working_days}};
    return document.dump();
}

Result<Policy> DecodePolicy(const std::string& text) {
    try {
        const auto document = nlohmann::json::parse(text);
        const auto& matrix = document.at("priority_matrix");
        auto priority_matrix = rules::PriorityMatrix::Create(
            matrix.at("impacts").get<std::vector<std::string>>(), matrix.at("urgencies").get<std::vector<std::string>>(),
            matrix.at("cells").get<std::vector<std::vector<int>>>(),
            matrix.at("grade_raise").get<std::map<std::string, int>>());
        if (!priority_matrix) return Error::Internal("stored policy: " + priority_matrix.error().message());
        Policy policy{std::move(*priority_matrix), document.at("customer_classes").get<std::vector<std::string>>(),
                      document.at("customer_grades").get<std::vector<std::string>>(),
                      document.at("auto_close_working_days").get<int>()};
        return policy;
    } catch (const nlohmann::json::exception& e) {
        return Error::Internal(std::string("stored policy is damaged: ") + e.what());
    }
}

Result<Policy> LoadPolicy(store::SqlConnection& db) {
    SLADESK_ASSIGN_OR_RETURN(auto text, store::AuthRepo::GetSetting(db, kPolicySetting));
    if (!text) return Policy{};
    return DecodePolicy(*text);
}

Result<std::int64_t> LoadPolicyRevision(store::SqlConnection& db) {
    SLADESK_ASSIGN_OR_RETURN(auto text, store::AuthRepo::GetSetting(db, kRevisionSetting));
    if (!text) return std::int64_t{0};
    try {
        return std::int64_t{std::stoll(*text)};
    } catch (const std::exception&) {
        return Error::Internal("stored policy revision is damaged: '" + *text + "'");
    }
}

Result<std::shared_ptr<const PolicyInForce>> CompilePolicy(Policy policy, std::int64_t revision) {
    SLADESK_ASSIGN_OR_RETURN(sla::AgreementBook book, sla::AgreementBook::Create(policy.calendars, policy.agreements));
    return std::make_shared<const PolicyInForce>(PolicyInForce{std::move(policy), std::move(book), revision});
}

Result<std::shared_ptr<const PolicyInForce>> PolicyCache::Load(store::SqlConnection& db) {
    SLADESK_ASSIGN_OR_RETURN(std::int64_t revision, LoadPolicyRevision(db));
    {
        std::lock_guard lock(mu_);
        if (current_ && current_->revision == revision) return current_;
    }
    // Compiled outside the lock: two readers racing on a new revision both compile; either result is the same.
    SLADESK_ASSIGN_OR_RETURN(Policy policy, LoadPolicy(db));
    SLADESK_ASSIGN_OR_RETURN(auto compiled, CompilePolicy(std::move(policy), revision));
    std::lock_guard lock(mu_);
    if (!current_ || current_->revision < revision) current_ = compiled;
    return compiled;
}

Status SavePolicy(store::SqlConnection& db, const Policy& policy) {
    if (auto book = sla::AgreementBook::Create(policy.calendars, policy.agreements); !book) return book.error();
    SLADESK_ASSIGN_OR_RETURN(std::int64_t revision, LoadPolicyRevision(db));
    SLADESK_TRY(store::AuthRepo::PutSetting(db, kPolicySetting, EncodePolicy(policy)));
    return store::AuthRepo::PutSetting(db, kRevisionSetting, std::to_string(revision + 1));
}

Status CheckOneOf(const std::string& what, const std::string& value, const std::vector<std::string>& allowed) {
    for (const auto& name : allowed) {
        if (name == value) return OkStatus();
    }
    std::string names;
    for (const auto& name : allowed) names += (names.empty() ? "" : ", ") + name;
    return Error::InvalidArgument(what + " '" + value + "' is not one of: " + names);
}

}  // namespace sladesk::service
