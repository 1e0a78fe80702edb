<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
  <context>
    <name>AccountDialog</name>
    <message>
      <source>Add account</source>
      <translation>添加账户</translation>
    </message>
    <message>
      <source>User name</source>
      <translation>用户名</translation>
    </message>
    <message>
      <source>Full name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>角色</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>密码</translation>
    </message>
  </context>
  <context>
    <name>AdminPage</name>
    <message>
      <source>First admin account</source>
      <translation>首个管理员账户</translation>
    </message>
    <message>
      <source>The station admin manages accounts, the service catalogue and settings.</source>
      <translation>站点管理员负责管理账户、服务目录和系统设置。</translation>
    </message>
    <message>
      <source>User name</source>
      <translation>用户名</translation>
    </message>
    <message>
      <source>Full name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>密码</translation>
    </message>
    <message>
      <source>Repeat password</source>
      <translation>再次输入密码</translation>
    </message>
  </context>
  <context>
    <name>CataloguePage</name>
    <message>
      <source>Add item</source>
      <translation>添加服务事项</translation>
    </message>
    <message>
      <source>Retire / reinstate</source>
      <translation>停用 / 恢复</translation>
    </message>
    <message>
      <source>Clause</source>
      <translation>条款</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>服务类别</translation>
    </message>
    <message>
      <source>Item</source>
      <translation>服务事项</translation>
    </message>
    <message>
      <source>Text</source>
      <translation>条款内容</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Retired</source>
      <translation>已停用</translation>
    </message>
    <message>
      <source>In use</source>
      <translation>使用中</translation>
    </message>
  </context>
  <context>
    <name>ChangePasswordDialog</name>
    <message>
      <source>Change password</source>
      <translation>修改密码</translation>
    </message>
    <message>
      <source>Your password was reset by the station admin. Choose a new one.</source>
      <translation>您的密码已由站点管理员重置，请设置新密码。</translation>
    </message>
    <message>
      <source>Current password</source>
      <translation>当前密码</translation>
    </message>
    <message>
      <source>New password</source>
      <translation>新密码</translation>
    </message>
    <message>
      <source>Repeat new password</source>
      <translation>再次输入新密码</translation>
    </message>
  </context>
  <context>
    <name>ClientDialog</name>
    <message>
      <source>Edit client</source>
      <translation>编辑服务对象</translation>
    </message>
    <message>
      <source>New client</source>
      <translation>新建服务对象</translation>
    </message>
    <message>
      <source>Type</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>Full registered name</source>
      <translation>登记注册的全称</translation>
    </message>
    <message>
      <source>Open that client</source>
      <translation>打开该服务对象</translation>
    </message>
    <message>
      <source>Unified social credit code</source>
      <translation>统一社会信用代码</translation>
    </message>
    <message>
      <source>District</source>
      <translation>所属区县</translation>
    </message>
    <message>
      <source>(not set)</source>
      <translation>（未填写）</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Industry</source>
      <translation>行业</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>规模</translation>
    </message>
    <message>
      <source>Contacts</source>
      <translation>联系人</translation>
    </message>
    <message>
      <source>Add contact</source>
      <translation>添加联系人</translation>
    </message>
    <message>
      <source>Remove contact</source>
      <translation>删除联系人</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Restore unsaved input?</source>
      <translation>恢复未保存的内容？</translation>
    </message>
    <message>
      <source>This form has input that was not saved (%1). Restore it?</source>
      <translation>此表单有未保存的内容（%1），是否恢复？</translation>
    </message>
    <message>
      <source>Discard changes?</source>
      <translation>放弃修改？</translation>
    </message>
    <message>
      <source>This client has unsaved changes. Discard them?</source>
      <translation>该服务对象有未保存的修改，确定放弃吗？</translation>
    </message>
  </context>
  <context>
    <name>ClientTableModel</name>
    <message>
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>Unified social credit code</source>
      <translation>统一社会信用代码</translation>
    </message>
    <message>
      <source>District</source>
      <translation>所属区县</translation>
    </message>
    <message>
      <source>Industry</source>
      <translation>行业</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>规模</translation>
    </message>
    <message>
      <source>Contact</source>
      <translation>联系人</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Registered</source>
      <translation>建档日期</translation>
    </message>
  </context>
  <context>
    <name>ClientsPage</name>
    <message>
      <source>Search name, credit code, contact or phone</source>
      <translation>搜索名称、信用代码、联系人或电话</translation>
    </message>
    <message>
      <source>All districts</source>
      <translation>全部区县</translation>
    </message>
    <message>
      <source>All sizes</source>
      <translation>全部规模</translation>
    </message>
    <message>
      <source>All industries</source>
      <translation>全部行业</translation>
    </message>
    <message>
      <source>New client</source>
      <translation>新建服务对象</translation>
    </message>
    <message>
      <source>Register a new client (Ctrl+N)</source>
      <translation>登记新的服务对象（Ctrl+N）</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>打开</translation>
    </message>
    <message>
      <source>Import…</source>
      <translation>导入…</translation>
    </message>
    <message>
      <source>Export…</source>
      <translation>导出…</translation>
    </message>
    <message numerus="yes">
      <source>%n client(s)</source>
      <translation>
        <numerusform>共 %n 个服务对象</numerusform>
      </translation>
    </message>
    <message>
      <source>Import clients</source>
      <translation>导入服务对象</translation>
    </message>
    <message>
      <source>Importing clients…</source>
      <translation>正在导入服务对象…</translation>
    </message>
    <message>
      <source>Added %1, already registered %2, rejected %3.</source>
      <translation>新增 %1 条，已登记 %2 条，拒绝 %3 条。</translation>
    </message>
    <message>
      <source>The import was cancelled; the rows before that point were kept.</source>
      <translation>导入已取消，此前已导入的行均已保留。</translation>
    </message>
    <message>
      <source>Line %1: %2</source>
      <translation>第 %1 行：%2</translation>
    </message>
    <message>
      <source>Export clients</source>
      <translation>导出服务对象</translation>
    </message>
    <message>
      <source>Exporting clients…</source>
      <translation>正在导出服务对象…</translation>
    </message>
    <message>
      <source>The export was cancelled; no file was written.</source>
      <translation>导出已取消，未写入任何文件。</translation>
    </message>
    <message>
      <source>Exported %1 clients to %2.</source>
      <translation>已导出 %1 个服务对象到 %2。</translation>
    </message>
    <message>
      <source>The file could not be read or written: %1</source>
      <translation>文件无法读取或写入：%1</translation>
    </message>
    <message>
      <source>Clients</source>
      <translation>服务对象</translation>
    </message>
  </context>
  <context>
    <name>ContactsModel</name>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Title</source>
      <translation>职务</translation>
    </message>
  </context>
  <context>
    <name>ItemDialog</name>
    <message>
      <source>Add catalogue item</source>
      <translation>添加服务事项</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>服务类别</translation>
    </message>
    <message>
      <source>Item</source>
      <translation>服务事项</translation>
    </message>
    <message>
      <source>Text</source>
      <translation>内容说明</translation>
    </message>
  </context>
  <context>
    <name>LoginDialog</name>
    <message>
      <source>Log in - Quality Station</source>
      <translation>登录 - 质量服务工作站</translation>
    </message>
    <message>
      <source>User name</source>
      <translation>用户名</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>密码</translation>
    </message>
    <message>
      <source>Log in</source>
      <translation>登录</translation>
    </message>
    <message>
      <source>Enter your user name and password.</source>
      <translation>请输入用户名和密码。</translation>
    </message>
    <message>
      <source>Checking…</source>
      <translation>正在验证…</translation>
    </message>
    <message>
      <source>Choose a new password to continue.</source>
      <translation>请设置新密码后继续。</translation>
    </message>
    <message>
      <source>The log-in could not be checked. Try again or ask IT staff.</source>
      <translation>无法完成登录验证，请重试或联系技术人员。</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>Quality Station</source>
      <translation>质量服务“一站式”工作站</translation>
    </message>
    <message>
      <source>Clients</source>
      <translation>服务对象</translation>
    </message>
    <message>
      <source>Service catalogue</source>
      <translation>服务目录</translation>
    </message>
    <message>
      <source>Accounts</source>
      <translation>账户管理</translation>
    </message>
    <message>
      <source>Settings</source>
      <translation>设置</translation>
    </message>
    <message>
      <source>&amp;File</source>
      <translation>文件(&amp;F)</translation>
    </message>
    <message>
      <source>Log out</source>
      <translation>退出登录</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>退出</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>帮助(&amp;H)</translation>
    </message>
    <message>
      <source>About Quality Station</source>
      <translation>关于质量服务工作站</translation>
    </message>
    <message>
      <source>Quality Station %1
The workstation of Liuzhou's one-stop quality-service platform, following DB 4502/T 《质量服务“一站式”平台服务规范》.</source>
      <translation>质量服务“一站式”工作站 %1
柳州市质量服务“一站式”平台分站工作站，依据 DB 4502/T《质量服务“一站式”平台服务规范》。</translation>
    </message>
    <message>
      <source>Logged in: %1 (%2)</source>
      <translation>当前用户：%1（%2）</translation>
    </message>
    <message>
      <source>Work in progress</source>
      <translation>任务进行中</translation>
    </message>
    <message>
      <source>An import or export is still running. Stop it and close? Rows already imported are kept.</source>
      <translation>导入或导出仍在进行。确定停止并关闭吗？已导入的行会保留。</translation>
    </message>
  </context>
  <context>
    <name>SettingsPage</name>
    <message>
      <source>Display</source>
      <translation>显示</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>界面语言</translation>
    </message>
    <message>
      <source>Station</source>
      <translation>本站</translation>
    </message>
    <message>
      <source>Station code</source>
      <translation>站点代码</translation>
    </message>
    <message>
      <source>Station name</source>
      <translation>站点名称</translation>
    </message>
    <message>
      <source>Level</source>
      <translation>站点级别</translation>
    </message>
    <message>
      <source>District</source>
      <translation>所在区县</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Complaint phone</source>
      <translation>投诉电话</translation>
    </message>
    <message>
      <source>Complaint e-mail</source>
      <translation>投诉邮箱</translation>
    </message>
    <message>
      <source>Device ID</source>
      <translation>设备标识</translation>
    </message>
    <message>
      <source>The new language applies the next time the app starts.</source>
      <translation>新的界面语言将在下次启动时生效。</translation>
    </message>
  </context>
  <context>
    <name>SetupWizard</name>
    <message>
      <source>Quality Station set-up</source>
      <translation>质量服务工作站初始设置</translation>
    </message>
    <message>
      <source>Set up station</source>
      <translation>完成设置</translation>
    </message>
  </context>
  <context>
    <name>StaffPage</name>
    <message>
      <source>Add account</source>
      <translation>添加账户</translation>
    </message>
    <message>
      <source>Disable / enable</source>
      <translation>停用 / 启用</translation>
    </message>
    <message>
      <source>Change role</source>
      <translation>更改角色</translation>
    </message>
    <message>
      <source>Reset password</source>
      <translation>重置密码</translation>
    </message>
    <message>
      <source>User name</source>
      <translation>用户名</translation>
    </message>
    <message>
      <source>Full name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>角色</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Active</source>
      <translation>在用</translation>
    </message>
    <message>
      <source>Disabled</source>
      <translation>已停用</translation>
    </message>
    <message>
      <source>Last log-in</source>
      <translation>最近登录</translation>
    </message>
    <message>
      <source>Temporary password for %1 (at least 8 characters); they choose a new one at the next log-in:</source>
      <translation>为 %1 设置临时密码（至少 8 位），其下次登录时须设置新密码：</translation>
    </message>
    <message>
      <source>The password was reset.</source>
      <translation>密码已重置。</translation>
    </message>
  </context>
  <context>
    <name>StationPage</name>
    <message>
      <source>Station</source>
      <translation>本站</translation>
    </message>
    <message>
      <source>The facts of this station, printed on its documents and sent to the city platform.</source>
      <translation>本站基本信息，将打印在文书上并报送市级平台。</translation>
    </message>
    <message>
      <source>Station code</source>
      <translation>站点代码</translation>
    </message>
    <message>
      <source>Station name</source>
      <translation>站点名称</translation>
    </message>
    <message>
      <source>e.g. Yufeng District Quality Service Station</source>
      <translation>例如：鱼峰区质量服务站</translation>
    </message>
    <message>
      <source>Level</source>
      <translation>站点级别</translation>
    </message>
    <message>
      <source>(choose)</source>
      <translation>（请选择）</translation>
    </message>
    <message>
      <source>District</source>
      <translation>所在区县</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Complaint phone</source>
      <translation>投诉电话</translation>
    </message>
    <message>
      <source>Complaint e-mail</source>
      <translation>投诉邮箱</translation>
    </message>
    <message>
      <source>The complaint phone and e-mail are published at the window (§7.5.2).</source>
      <translation>投诉电话和电子邮箱将在窗口显著位置公开（§7.5.2）。</translation>
    </message>
  </context>
  <context>
    <name>TaskRunner</name>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
  </context>
  <context>
    <name>errors</name>
    <message>
      <source>Something went wrong and the action was not completed:
%1</source>
      <translation>出现意外错误，操作未完成：
%1</translation>
    </message>
    <message>
      <source>Details are in the log: %1</source>
      <translation>详细信息已记录在日志中：%1</translation>
    </message>
    <message>
      <source>Unexpected error</source>
      <translation>意外错误</translation>
    </message>
  </context>
  <context>
    <name>fields</name>
    <message>
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>Unified social credit code</source>
      <translation>统一社会信用代码</translation>
    </message>
    <message>
      <source>Type</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>District</source>
      <translation>所属区县</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Industry</source>
      <translation>行业</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>规模</translation>
    </message>
    <message>
      <source>Contacts</source>
      <translation>联系人</translation>
    </message>
    <message>
      <source>Contact</source>
      <translation>联系人</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Title</source>
      <translation>职务</translation>
    </message>
    <message>
      <source>Station code</source>
      <translation>站点代码</translation>
    </message>
    <message>
      <source>Level</source>
      <translation>站点级别</translation>
    </message>
    <message>
      <source>Complaint phone</source>
      <translation>投诉电话</translation>
    </message>
    <message>
      <source>Complaint e-mail</source>
      <translation>投诉邮箱</translation>
    </message>
    <message>
      <source>User name</source>
      <translation>用户名</translation>
    </message>
    <message>
      <source>Admin user name</source>
      <translation>管理员用户名</translation>
    </message>
    <message>
      <source>Admin full name</source>
      <translation>管理员姓名</translation>
    </message>
    <message>
      <source>Admin password</source>
      <translation>管理员密码</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>密码</translation>
    </message>
    <message>
      <source>Current password</source>
      <translation>当前密码</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>角色</translation>
    </message>
    <message>
      <source>Text</source>
      <translation>内容</translation>
    </message>
    <message>
      <source>Contact {n}: {field}</source>
      <translation>联系人 {n}：{field}</translation>
    </message>
  </context>
  <context>
    <name>labels</name>
    <message>
      <source>Window clerk</source>
      <translation>窗口人员</translation>
    </message>
    <message>
      <source>Field officer</source>
      <translation>外勤人员</translation>
    </message>
    <message>
      <source>Station admin</source>
      <translation>站点管理员</translation>
    </message>
    <message>
      <source>County</source>
      <translation>县</translation>
    </message>
    <message>
      <source>District</source>
      <translation>城区</translation>
    </message>
    <message>
      <source>New district</source>
      <translation>新区</translation>
    </message>
    <message>
      <source>Park</source>
      <translation>园区</translation>
    </message>
    <message>
      <source>Micro</source>
      <translation>微型</translation>
    </message>
    <message>
      <source>Small</source>
      <translation>小型</translation>
    </message>
    <message>
      <source>Medium</source>
      <translation>中型</translation>
    </message>
    <message>
      <source>Large</source>
      <translation>大型</translation>
    </message>
    <message>
      <source>Enterprise</source>
      <translation>企业</translation>
    </message>
    <message>
      <source>Person</source>
      <translation>个人</translation>
    </message>
  </context>
  <context>
    <name>messages</name>
    <message>
      <source>The two passwords differ.</source>
      <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
      <source>A mobile number is 11 digits starting with 13–19.</source>
      <translation>手机号码为 11 位数字，以 13–19 开头。</translation>
    </message>
    <message>
      <source>A password has at least 8 characters.</source>
      <translation>密码至少 8 位。</translation>
    </message>
    <message>
      <source>A station code is 2–20 capital letters, digits or hyphens, such as LZ-YF01.</source>
      <translation>站点代码为 2–20 位大写字母、数字或连字符，例如 LZ-YF01。</translation>
    </message>
    <message>
      <source>A unified social credit code has 18 characters.</source>
      <translation>统一社会信用代码为 18 位。</translation>
    </message>
    <message>
      <source>A user name is 2–32 lower-case letters, digits, dots, hyphens or underscores.</source>
      <translation>用户名为 2–32 位小写字母、数字、点、连字符或下划线。</translation>
    </message>
    <message>
      <source>Added {added}, already registered {skipped}, rejected {rejected}.</source>
      <translation>新增 {added} 条，已登记 {skipped} 条，拒绝 {rejected} 条。</translation>
    </message>
    <message>
      <source>Added {n} demo clients in {seconds} s.</source>
      <translation>已生成 {n} 个演示服务对象，用时 {seconds} 秒。</translation>
    </message>
    <message>
      <source>An enterprise needs its unified social credit code.</source>
      <translation>企业须填写统一社会信用代码。</translation>
    </message>
    <message>
      <source>Another client already has this unified social credit code.</source>
      <translation>已有其他服务对象使用该统一社会信用代码。</translation>
    </message>
    <message>
      <source>Choose a district of Liuzhou.</source>
      <translation>请选择柳州市的区县。</translation>
    </message>
    <message>
      <source>Choose a role.</source>
      <translation>请选择角色。</translation>
    </message>
    <message>
      <source>Choose a size.</source>
      <translation>请选择规模。</translation>
    </message>
    <message>
      <source>Choose an .xlsx or .csv file.</source>
      <translation>请选择 .xlsx 或 .csv 文件。</translation>
    </message>
    <message>
      <source>Choose enterprise or person.</source>
      <translation>请选择企业或个人。</translation>
    </message>
    <message>
      <source>Choose the station's level.</source>
      <translation>请选择站点级别。</translation>
    </message>
    <message>
      <source>Enter a mobile number (11 digits) or a landline with its area code, such as 0772-1234567.</source>
      <translation>请输入 11 位手机号码，或带区号的固定电话，例如 0772-1234567。</translation>
    </message>
    <message>
      <source>Enter a phone number.</source>
      <translation>请输入联系电话。</translation>
    </message>
    <message>
      <source>Enter an e-mail address such as zlfw@example.cn.</source>
      <translation>请输入电子邮箱地址，例如 zlfw@example.cn。</translation>
    </message>
    <message>
      <source>Exported {n} clients to {file}.</source>
      <translation>已导出 {n} 个服务对象到 {file}。</translation>
    </message>
    <message>
      <source>Line {line}: {reasons}</source>
      <translation>第 {line} 行：{reasons}</translation>
    </message>
    <message>
      <source>No active account {user}.</source>
      <translation>没有在用的账户 {user}。</translation>
    </message>
    <message>
      <source>No such account.</source>
      <translation>账户不存在。</translation>
    </message>
    <message>
      <source>No such catalogue item.</source>
      <translation>服务事项不存在。</translation>
    </message>
    <message>
      <source>No such category.</source>
      <translation>服务类别不存在。</translation>
    </message>
    <message>
      <source>No such client.</source>
      <translation>服务对象不存在。</translation>
    </message>
    <message>
      <source>Only a station admin may do this.</source>
      <translation>只有站点管理员可以执行此操作。</translation>
    </message>
    <message>
      <source>Password for {admin}: </source>
      <translation>{admin} 的密码：</translation>
    </message>
    <message>
      <source>Repeat the password: </source>
      <translation>再次输入密码：</translation>
    </message>
    <message>
      <source>Size must be 微型, 小型, 中型 or 大型.</source>
      <translation>规模须为 微型、小型、中型 或 大型。</translation>
    </message>
    <message>
      <source>Station {code} {name} is set up; admin: {admin}.</source>
      <translation>站点 {code} {name} 已完成设置；管理员：{admin}。</translation>
    </message>
    <message>
      <source>The CSV file is not UTF-8; save it from Excel as "CSV UTF-8".</source>
      <translation>CSV 文件不是 UTF-8 编码，请在 Excel 中另存为“CSV UTF-8”。</translation>
    </message>
    <message>
      <source>The check character (the 18th) is wrong: the code was mistyped.</source>
      <translation>校验码（第 18 位）不正确，代码有误。</translation>
    </message>
    <message>
      <source>The client could not be saved; try again.</source>
      <translation>服务对象未能保存，请重试。</translation>
    </message>
    <message>
      <source>The code contains characters not allowed in a unified social credit code (I, O, Z, S, V).</source>
      <translation>代码含有统一社会信用代码不允许的字符（I、O、Z、S、V）。</translation>
    </message>
    <message>
      <source>The current password is wrong.</source>
      <translation>当前密码不正确。</translation>
    </message>
    <message>
      <source>The date cannot be in the future.</source>
      <translation>日期不能晚于今天。</translation>
    </message>
    <message>
      <source>The file cannot be read as an Excel workbook.</source>
      <translation>无法作为 Excel 工作簿读取该文件。</translation>
    </message>
    <message>
      <source>The file could not be read or written: {error}</source>
      <translation>文件无法读取或写入：{error}</translation>
    </message>
    <message>
      <source>The file is empty.</source>
      <translation>文件为空。</translation>
    </message>
    <message>
      <source>The first line must hold the column headers, with at least 名称.</source>
      <translation>第一行须为列标题，至少包含“名称”。</translation>
    </message>
    <message>
      <source>The last active admin account must stay an admin.</source>
      <translation>最后一个在用的管理员账户必须保留管理员角色。</translation>
    </message>
    <message>
      <source>The new password must differ from the old one.</source>
      <translation>新密码不能与原密码相同。</translation>
    </message>
    <message>
      <source>The station in {dir} is not set up yet: run "quality-station setup" first.</source>
      <translation>{dir} 中的站点尚未设置，请先运行“quality-station setup”。</translation>
    </message>
    <message>
      <source>The station is not set up yet.</source>
      <translation>站点尚未设置。</translation>
    </message>
    <message>
      <source>This account is disabled. Ask the station admin.</source>
      <translation>该账户已停用，请联系站点管理员。</translation>
    </message>
    <message>
      <source>This category already has an item with this title.</source>
      <translation>该类别下已有同名服务事项。</translation>
    </message>
    <message>
      <source>This field is required.</source>
      <translation>此项为必填项。</translation>
    </message>
    <message>
      <source>This item is already retired.</source>
      <translation>该服务事项已停用。</translation>
    </message>
    <message>
      <source>This station is already set up.</source>
      <translation>本站已完成设置。</translation>
    </message>
    <message>
      <source>This user name is taken.</source>
      <translation>该用户名已被使用。</translation>
    </message>
    <message>
      <source>Too long: at most {n} characters.</source>
      <translation>内容过长：最多 {n} 个字符。</translation>
    </message>
    <message>
      <source>Too many contacts.</source>
      <translation>联系人过多。</translation>
    </message>
    <message>
      <source>Wrong user name or password.</source>
      <translation>用户名或密码错误。</translation>
    </message>
    <message>
      <source>You cannot disable your own account.</source>
      <translation>不能停用自己的账户。</translation>
    </message>
    <message>
      <source>You must be logged in with an active account.</source>
      <translation>须使用在用账户登录。</translation>
    </message>
    <message>
      <source>Your role does not allow this.</source>
      <translation>您的角色无权执行此操作。</translation>
    </message>
  </context>
</TS>