#include "service/demo_data.hpp"

#include <span>

#include "core/embedded_file.hpp"
#include "store/auth_repo.hpp"
#include "store/directory_repo.hpp"

namespace sladesk::service {

std::span<const EmbeddedFile> DemoPolicyFiles();  // examples/policy.yaml, examples/duty_rosters.yaml, compiled in

namespace {

constexpr const char* kDemoFlag = "demo_loaded";

struct DemoTicket {
    const char* customer;
    const char* title;
    const char* description;
    TicketKind kind;
    Channel channel;
    const char* service;
    const char* category;
    const char* impact;
    const char* urgency;
};

const DemoTicket kDemoTickets[] = {
    {"zhangsan", "网银无法登录，提示密码错误", "今天早上开始网银一直提示密码错误，已确认密码无误。", TicketKind::kIncident,
     Channel::kWeb, "online-banking", "key/login", "medium", "high"},
    {"lisi", "支付宝付款失败", "商城下单后用支付宝付款，扣款成功但订单显示未支付。", TicketKind::kComplaint,
     Channel::kPhone, "payments", "key/payment", "high", "high"},
    {"wangwu", "申请开通企业网银", "我公司需要开通企业网银的转账权限，请告知所需材料。", TicketKind::kRequest,
     Channel::kServiceHall, "online-banking", nullptr, "low", "medium"},
    {"acme-admin", "Withdrawal stuck for two days", "A withdrawal of 5,000 CNY has been pending since Monday.",
     TicketKind::kIncident, Channel::kEmail, "payments", "key/withdrawal", "high", "medium"},
    {"zhangsan", "页面显示错位", "手机上打开账单页面，表格显示错位。", TicketKind::kIncident, Channel::kWeb,
     "online-banking", "regular/page", "low", "low"},
    {"lisi", "验证码收不到", "登录时短信验证码一直收不到，换了手机也不行。", TicketKind::kIncident, Channel::kPhone,
     "online-banking", "regular/message", "medium", "medium"},
    {"wangwu", "建议增加夜间服务时间", "希望服务大厅周末也能办理业务。", TicketKind::kSuggestion, Channel::kWeb,
     "service-hall", nullptr, "low", "low"},
    {"acme-admin", "VPN drops every hour", "Our branch VPN disconnects roughly every hour since the upgrade.",
     TicketKind::kIncident, Channel::kApi, "network", nullptr, "medium", "high"},
};

Result<std::optional<std::int64_t>> FindId(const std::vector<Service>& services, const std::vector<Category>& categories,
                                           const char* code, bool service) {
    if (code == nullptr) return std::optional<std::int64_t>{};
    if (service) {
        for (const auto& s : services) if (s.code == code) return std::optional<std::int64_t>{s.id.value};
    } else {
        for (const auto& c : categories) if (c.path == code) return std::optional<std::int64_t>{c.id.value};
    }
    return Error::Internal(std::string("demo data refers to unknown ") + code);
}

Status CreateTickets(DirectoryService& directory, TicketService& tickets, const Actor& agent) {
    SLADESK_ASSIGN_OR_RETURN(auto services, directory.ListServices(agent));
    SLADESK_ASSIGN_OR_RETURN(auto categories, directory.ListCategories(agent));
    SLADESK_ASSIGN_OR_RETURN(auto customers, directory.ListUsers(agent, Role::kCustomer, 0, 200));
    int index = 0;
    for (const DemoTicket& demo : kDemoTickets) {
        NewTicket input;
        input.title = demo.title;
        input.description = demo.description;
        input.kind = demo.kind;
        input.channel = demo.channel;
        input.impact = demo.impact;
        input.urgency = demo.urgency;
        SLADESK_ASSIGN_OR_RETURN(auto service_id, FindId(services, categories, demo.service, true));
        SLADESK_ASSIGN_OR_RETURN(auto category_id, FindId(services, categories, demo.category, false));
        if (service_id) input.service_id = ServiceId{*service_id};
        if (category_id) input.category_id = CategoryId{*category_id};
        for (const User& customer : customers) {
            if (customer.login == demo.customer) input.customer_id = customer.id;
        }
        SLADESK_ASSIGN_OR_RETURN(auto created, tickets.Create(agent, input));
        const TicketId id = created.value.id;
        // A spread of states, so every queue of the console has something in it.
        if (index % 4 == 1) {
            SLADESK_TRY(tickets.AddArticle(agent, id, {"您好，我们正在核查，请稍候。", false, Channel::kWeb, {}}));
            TicketPatch patch;
            patch.status = TicketStatus::kInProgress;
            SLADESK_TRY(tickets.Patch(agent, id, patch));
        } else if (index % 4 == 2) {
            SLADESK_TRY(tickets.AddArticle(agent, id, {"已联系二线排查，预计今天内回复。", true, Channel::kWeb, {}}));
            TicketPatch patch;
            patch.status = TicketStatus::kPendingCustomer;
            SLADESK_TRY(tickets.Patch(agent, id, patch));
        } else if (index % 4 == 3) {
            SLADESK_TRY(tickets.AddArticle(agent, id, {"问题已处理，请确认。", false, Channel::kWeb, {}}));
            TicketPatch patch;
            patch.status = TicketStatus::kResolved;
            SLADESK_TRY(tickets.Patch(agent, id, patch));
        }
        ++index;
    }
    return OkStatus();
}

}  // namespace

Result<bool> LoadDemoData(store::Store& store, PolicyService& policy, DirectoryService& directory,
                          TicketService& tickets) {
    std::optional<std::string> loaded;
    SLADESK_TRY(store.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(loaded, store::AuthRepo::GetSetting(db, kDemoFlag));
        return OkStatus();
    }));
    if (loaded) return false;

    const std::vector<NewUser> staff{
        {"admin", "admin-demo", "系统管理员", Role::kAdmin, {}, {}, {}, false, {}, {}, {}, "zh-CN", {}},
        {"supervisor", "supervisor-demo", "值班主管 周敏", Role::kSupervisor, {}, {}, {}, false, {}, {}, {}, "zh-CN",
         {}},
        {"slm", "slm-demo", "服务级别经理 陈刚", Role::kServiceLevelManager, {}, {}, {}, false, {}, {}, {}, "zh-CN", {}},
        {"agent1", "agent-demo", "接线员 李娜", Role::kAgent, "agent1@example.com", {}, {}, false, {}, {}, {}, "zh-CN",
         {}},
        {"agent2", "agent-demo", "Agent Tom Baker", Role::kAgent, "agent2@example.com", {}, {}, false, {}, {}, {}, "en",
         {}},
    };
    for (const NewUser& user : staff) SLADESK_TRY(directory.CreateUserAsSystem(user));

    SLADESK_ASSIGN_OR_RETURN(PolicyDocument document, ParsePolicyDocument(std::string(DemoPolicyFiles().front().content)));
    document.groups[0].members = {"agent1", "agent2"};
    document.groups[1].members = {"agent1"};
    document.groups[2].members = {"agent2"};
    SLADESK_TRY(policy.ApplyAsSystem(document));
    // Duty rosters and the ladder that pages through them name the staff created above.
    SLADESK_ASSIGN_OR_RETURN(PolicyDocument rosters, ParsePolicyDocument(std::string(DemoPolicyFiles()[1].content)));
    SLADESK_TRY(policy.ApplyAsSystem(rosters));

    const std::vector<NewUser> customers{
        {"zhangsan", "customer-demo", "张三", Role::kCustomer, "zhangsan@example.com", "13800000001", {}, false,
         "residential", "vip", {}, "zh-CN", {}},
        {"lisi", "customer-demo", "李四", Role::kCustomer, "lisi@example.com", {}, {}, false, "residential", "normal",
         {}, "zh-CN", {}},
        {"wangwu", "customer-demo", "王五", Role::kCustomer, {}, "13800000003", "东方电网客户服务中心", false,
         "commercial", "important", {}, "zh-CN", {}},
        {"acme-admin", "customer-demo", "Alice Chen (Acme)", Role::kCustomer, "alice@acme.example.com", {},
         "Acme Trading Ltd", true, "enterprise", "vip", {}, "en", {}},
    };
    for (const NewUser& user : customers) SLADESK_TRY(directory.CreateUserAsSystem(user));

    Actor agent;
    agent.role = Role::kSupervisor;
    SLADESK_TRY(store.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(User user, store::DirectoryRepo::GetUserByLogin(db, "agent1"));
        agent.id = user.id;
        return OkStatus();
    }));
    SLADESK_TRY(CreateTickets(directory, tickets, agent));
    SLADESK_TRY(store.Write([&](store::SqlConnection& db) { return store::AuthRepo::PutSetting(db, kDemoFlag, "1"); }));
    return true;
}

}  // namespace sladesk::service
