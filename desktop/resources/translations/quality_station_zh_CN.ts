<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
  <context>
    <name>AccessLogView</name>
    <message>
      <source>From</source>
      <translation>从</translation>
    </message>
    <message>
      <source>Until</source>
      <translation>至</translation>
    </message>
    <message>
      <source>to</source>
      <translation>至</translation>
    </message>
    <message>
      <source>Staff member</source>
      <translation>人员</translation>
    </message>
    <message>
      <source>Everyone</source>
      <translation>全部人员</translation>
    </message>
    <message>
      <source>Export…</source>
      <translation>导出…</translation>
    </message>
    <message>
      <source>The entries of the period to Excel</source>
      <translation>将所选期间的记录导出为 Excel</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Action</source>
      <translation>操作</translation>
    </message>
    <message>
      <source>Document</source>
      <translation>文件</translation>
    </message>
    <message>
      <source>What</source>
      <translation>内容</translation>
    </message>
    <message>
      <source>Records</source>
      <translation>记录数</translation>
    </message>
    <message>
      <source>Reading…</source>
      <translation>正在读取…</translation>
    </message>
    <message numerus="yes">
      <source>%n entries</source>
      <translation>
        <numerusform>%n 条记录</numerusform>
      </translation>
    </message>
    <message>
      <source>%1 (the newest %2 shown; the export has them all)</source>
      <translation>%1（显示最新 %2 条；导出包含全部）</translation>
    </message>
    <message>
      <source>Export the access log</source>
      <translation>导出查阅打印导出记录</translation>
    </message>
    <message>
      <source>Exporting the access log…</source>
      <translation>正在导出查阅打印导出记录…</translation>
    </message>
    <message>
      <source>Exported %1 entries to %2.</source>
      <translation>已将 %1 条记录导出到 %2。</translation>
    </message>
  </context>
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
    <name>ActionDialog</name>
    <message>
      <source>The answer given</source>
      <translation>答复内容</translation>
    </message>
    <message>
      <source>What is asked, and of whom</source>
      <translation>请示事项及请示对象</translation>
    </message>
    <message>
      <source>The instructions</source>
      <translation>批示内容</translation>
    </message>
    <message>
      <source>Why the station cannot solve it</source>
      <translation>本站无法解决的原因</translation>
    </message>
    <message>
      <source>The institution's feedback</source>
      <translation>服务机构的反馈意见</translation>
    </message>
    <message>
      <source>Contact made and its outcome</source>
      <translation>联系情况及结果</translation>
    </message>
    <message>
      <source>Result of the service</source>
      <translation>服务结果</translation>
    </message>
    <message>
      <source>Why the client withdrew</source>
      <translation>服务对象撤回的原因</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>One-time notice: what the client must bring or do</source>
      <translation>一次性告知：服务对象需提交的材料或需办理的事项</translation>
    </message>
    <message>
      <source>One item per line, e.g. a copy of the business licence</source>
      <translation>每行一项，例如：营业执照复印件</translation>
    </message>
    <message>
      <source>Assessment</source>
      <translation>评估分析</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>渠道</translation>
    </message>
    <message>
      <source>When</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>What the client was told</source>
      <translation>告知服务对象的内容</translation>
    </message>
    <message>
      <source>The request is closed and kept in the archive; it can no longer be changed.</source>
      <translation>归档后，该服务需求即办结存档，不能再修改。</translation>
    </message>
    <message>
      <source>Institution or expert</source>
      <translation>服务机构或专家</translation>
    </message>
    <message>
      <source>(choose)</source>
      <translation>（请选择）</translation>
    </message>
    <message>
      <source> (qualification expired)</source>
      <translation>（资质已过期）</translation>
    </message>
    <message>
      <source> (qualification expiring)</source>
      <translation>（资质即将到期）</translation>
    </message>
    <message>
      <source> - serves %1 of %2 categories</source>
      <translation>（可服务 %2 个类别中的 %1 个）</translation>
    </message>
    <message>
      <source>No institution in the registry serves these categories; an admin adds them under Institutions and experts.</source>
      <translation>登记的服务机构中没有能提供这些类别服务的；请站点管理员在“服务机构与专家”中添加。</translation>
    </message>
    <message>
      <source>Feedback deadline</source>
      <translation>反馈期限</translation>
    </message>
    <message>
      <source>Client told at</source>
      <translation>告知时间</translation>
    </message>
    <message>
      <source>Client told by</source>
      <translation>告知方式</translation>
    </message>
    <message>
      <source>Return visit</source>
      <translation>回访方式</translation>
    </message>
    <message>
      <source>Evaluation by</source>
      <translation>评价方式</translation>
    </message>
    <message>
      <source>Evaluator</source>
      <translation>评价人</translation>
    </message>
    <message>
      <source>Name (optional)</source>
      <translation>姓名（选填）</translation>
    </message>
    <message>
      <source>Comment</source>
      <translation>评价意见</translation>
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
    <name>ArchiveFileWindow</name>
    <message>
      <source>Archive file</source>
      <translation>档案案卷</translation>
    </message>
    <message>
      <source>Reading the file…</source>
      <translation>正在读取案卷…</translation>
    </message>
    <message>
      <source>No.</source>
      <translation>序号</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Document</source>
      <translation>文件</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>By</source>
      <translation>人员</translation>
    </message>
    <message>
      <source>Step</source>
      <translation>事项</translation>
    </message>
    <message>
      <source>Text</source>
      <translation>说明</translation>
    </message>
    <message>
      <source>Contents (卷内目录)</source>
      <translation>卷内目录</translation>
    </message>
    <message>
      <source>Timeline</source>
      <translation>办理过程</translation>
    </message>
    <message>
      <source>&amp;Print file…</source>
      <translation>打印案卷(&amp;P)…</translation>
    </message>
    <message>
      <source>&amp;Export…</source>
      <translation>导出(&amp;E)…</translation>
    </message>
    <message>
      <source>Open the record</source>
      <translation>打开原记录</translation>
    </message>
    <message>
      <source>Archive file %1</source>
      <translation>档案案卷 %1</translation>
    </message>
    <message>
      <source>File number</source>
      <translation>档号</translation>
    </message>
    <message>
      <source>Client</source>
      <translation>服务对象</translation>
    </message>
    <message>
      <source>Credit code</source>
      <translation>统一社会信用代码</translation>
    </message>
    <message>
      <source>Period</source>
      <translation>起止日期</translation>
    </message>
    <message>
      <source>Archived</source>
      <translation>归档时间</translation>
    </message>
    <message>
      <source>Retention</source>
      <translation>保管期限</translation>
    </message>
    <message>
      <source>Electronic file, %1 bytes</source>
      <translation>电子文件，%1 字节</translation>
    </message>
    <message>
      <source>City platform</source>
      <translation>市平台</translation>
    </message>
    <message>
      <source>The file cannot be read.</source>
      <translation>无法读取该案卷。</translation>
    </message>
  </context>
  <context>
    <name>ArchiveList</name>
    <message>
      <source>All categories</source>
      <translation>全部服务类别</translation>
    </message>
    <message>
      <source>Service category</source>
      <translation>服务类别</translation>
    </message>
    <message>
      <source>Staff member</source>
      <translation>人员</translation>
    </message>
    <message>
      <source>All institutions</source>
      <translation>全部机构</translation>
    </message>
    <message>
      <source>Institution</source>
      <translation>机构</translation>
    </message>
    <message>
      <source>Received from</source>
      <translation>受理日期从</translation>
    </message>
    <message>
      <source>Received until</source>
      <translation>受理日期至</translation>
    </message>
    <message>
      <source>to</source>
      <translation>至</translation>
    </message>
    <message>
      <source>Open file</source>
      <translation>打开案卷</translation>
    </message>
    <message>
      <source>The record's whole file (Enter)</source>
      <translation>查看该记录的完整案卷（回车）</translation>
    </message>
    <message>
      <source>Print file…</source>
      <translation>打印案卷…</translation>
    </message>
    <message>
      <source>Cover, contents list and documents as one PDF</source>
      <translation>封面、卷内目录及全部文件合为一个 PDF</translation>
    </message>
    <message>
      <source>Export selected…</source>
      <translation>导出所选…</translation>
    </message>
    <message>
      <source>The selected records as a zip with a manifest that 'quality-station verify' checks</source>
      <translation>将所选记录导出为带校验清单的 zip 包，可用“quality-station verify”核验</translation>
    </message>
  </context>
  <context>
    <name>ArchivedComplaints</name>
    <message>
      <source>Search number, complainant or what happened</source>
      <translation>搜索编号、投诉人或投诉内容</translation>
    </message>
    <message>
      <source>About any staff member</source>
      <translation>涉及全部人员</translation>
    </message>
    <message numerus="yes">
      <source>%n ended complaint(s)</source>
      <translation>
        <numerusform>%n 件已办结投诉</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>ArchivedRequests</name>
    <message>
      <source>Search number, client, credit code or description</source>
      <translation>搜索编号、服务对象、统一社会信用代码或需求描述</translation>
    </message>
    <message>
      <source>All handlers</source>
      <translation>全部经办人</translation>
    </message>
    <message numerus="yes">
      <source>%n archived request(s)</source>
      <translation>
        <numerusform>%n 件已归档服务需求</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>ArchivesPage</name>
    <message>
      <source>Service requests</source>
      <translation>服务需求档案</translation>
    </message>
    <message>
      <source>Complaints</source>
      <translation>投诉档案</translation>
    </message>
    <message>
      <source>Access log (查阅打印导出记录)</source>
      <translation>查阅打印导出记录</translation>
    </message>
    <message>
      <source>Retention and disposal (保管期限与销毁)</source>
      <translation>保管期限与销毁</translation>
    </message>
    <message>
      <source>Making the archive file…</source>
      <translation>正在生成案卷…</translation>
    </message>
    <message>
      <source>Archive file %1.pdf</source>
      <translation>档案案卷 %1.pdf</translation>
    </message>
    <message>
      <source>Archive file %1</source>
      <translation>档案案卷 %1</translation>
    </message>
    <message>
      <source>Export archived records</source>
      <translation>导出档案</translation>
    </message>
    <message>
      <source>Archive bundle (*.zip)</source>
      <translation>档案导出包 (*.zip)</translation>
    </message>
    <message>
      <source>Exporting archived records…</source>
      <translation>正在导出档案…</translation>
    </message>
    <message>
      <source>The export was cancelled; no file was written.</source>
      <translation>导出已取消，未写入任何文件。</translation>
    </message>
    <message>
      <source>Exported %1 records to %2. 'quality-station verify' checks the file against its manifest and the station's records.</source>
      <translation>已将 %1 条记录导出到 %2。可用“quality-station verify”按清单和本站记录核验该文件。</translation>
    </message>
  </context>
  <context>
    <name>AssessmentDialog</name>
    <message>
      <source>Complaint assessment</source>
      <translation>投诉考核统计</translation>
    </message>
    <message>
      <source>Received from</source>
      <translation>受理日期从</translation>
    </message>
    <message>
      <source>to</source>
      <translation>至</translation>
    </message>
    <message>
      <source>Export…</source>
      <translation>导出…</translation>
    </message>
    <message>
      <source>Write the assessment table to an Excel file</source>
      <translation>将考核统计表导出为 Excel 文件</translation>
    </message>
    <message>
      <source>Print…</source>
      <translation>打印…</translation>
    </message>
    <message>
      <source>The assessment and the classification as a printed table</source>
      <translation>打印考核统计和分类统计表</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>对象类型</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>Complaints</source>
      <translation>投诉数</translation>
    </message>
    <message>
      <source>Valid</source>
      <translation>有效投诉</translation>
    </message>
    <message>
      <source>Rectified</source>
      <translation>已整改</translation>
    </message>
    <message>
      <source>Still open</source>
      <translation>未办结</translation>
    </message>
    <message>
      <source>Classified by</source>
      <translation>分类</translation>
    </message>
    <message>
      <source>Service category</source>
      <translation>服务类别</translation>
    </message>
    <message>
      <source>What it is about</source>
      <translation>投诉对象</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>渠道</translation>
    </message>
    <message>
      <source>Outcome</source>
      <translation>结果</translation>
    </message>
    <message>
      <source>Referred out to</source>
      <translation>转外部途径</translation>
    </message>
    <message>
      <source>(none)</source>
      <translation>（无）</translation>
    </message>
    <message>
      <source>Complaint assessment %1.pdf</source>
      <translation>投诉考核统计 %1.pdf</translation>
    </message>
    <message>
      <source>Making the assessment table…</source>
      <translation>正在生成考核统计表…</translation>
    </message>
    <message>
      <source>Export assessment</source>
      <translation>导出考核统计</translation>
    </message>
    <message>
      <source>Exporting…</source>
      <translation>正在导出…</translation>
    </message>
    <message>
      <source>Exported %1 rows to %2.</source>
      <translation>已导出 %1 行到 %2。</translation>
    </message>
  </context>
  <context>
    <name>BackupStatus</name>
    <message>
      <source>Backing up…</source>
      <translation>正在备份…</translation>
    </message>
  </context>
  <context>
    <name>BackupsPage</name>
    <message>
      <source>Where the backups go</source>
      <translation>备份位置</translation>
    </message>
    <message>
      <source>A USB drive or a network share, for example E:\备份</source>
      <translation>U 盘或网络共享文件夹，例如 E:\备份</translation>
    </message>
    <message>
      <source>Choose…</source>
      <translation>选择…</translation>
    </message>
    <message>
      <source>Folder</source>
      <translation>文件夹</translation>
    </message>
    <message>
      <source>Backups kept</source>
      <translation>保留份数</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>Back up now</source>
      <translation>立即备份</translation>
    </message>
    <message>
      <source>Check the station's data</source>
      <translation>检查本站数据</translation>
    </message>
    <message>
      <source>Restore a backup into a new folder…</source>
      <translation>将备份恢复到新文件夹…</translation>
    </message>
    <message>
      <source>A backup is also made by itself once a day while the app runs. Each one is checked after it is written; a file already in the folder is not copied again.</source>
      <translation>程序运行期间每天还会自动备份一次。每份备份写入后都会校验；备份文件夹中已有的文件不会重复复制。</translation>
    </message>
    <message>
      <source>Made</source>
      <translation>备份时间</translation>
    </message>
    <message>
      <source>Result</source>
      <translation>结果</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>大小</translation>
    </message>
    <message>
      <source>Files</source>
      <translation>文件数</translation>
    </message>
    <message>
      <source>Backup</source>
      <translation>备份</translation>
    </message>
    <message>
      <source>Verified</source>
      <translation>已校验</translation>
    </message>
    <message>
      <source>Failed: %1</source>
      <translation>失败：%1</translation>
    </message>
    <message>
      <source>Backing up…</source>
      <translation>正在备份…</translation>
    </message>
    <message>
      <source>Backed up to %1 (%2 files, %3 MB), verified.</source>
      <translation>已备份到 %1（%2 个文件，%3 MB），已校验。</translation>
    </message>
    <message>
      <source>Checking the station's data…</source>
      <translation>正在检查本站数据…</translation>
    </message>
    <message>
      <source>Nothing wrong found: the database, its protections and every stored file are as they were written.</source>
      <translation>未发现问题：数据库、其保护机制和所有已存文件均与写入时一致。</translation>
    </message>
    <message>
      <source>The backup to restore (a backup's folder)</source>
      <translation>要恢复的备份（备份所在文件夹）</translation>
    </message>
    <message>
      <source>A new, empty folder to restore into</source>
      <translation>恢复到的新建空文件夹</translation>
    </message>
    <message>
      <source>Restoring…</source>
      <translation>正在恢复…</translation>
    </message>
    <message>
      <source>The backup of %1 is restored into %2 (%3 files). To work in it, start the app with --data-dir %2.</source>
      <translation>已将 %1 的备份恢复到 %2（%3 个文件）。如需在其中工作，请以 --data-dir %2 启动程序。</translation>
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
      <source>New request for this client</source>
      <translation>为该服务对象新建服务需求</translation>
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
      <source>Excel or CSV (*.xlsx *.csv);;Excel (*.xlsx);;CSV (*.csv)</source>
      <translation>Excel 或 CSV 文件 (*.xlsx *.csv);;Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)</translation>
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
      <source>Excel workbook, keeps credit codes and phone numbers exact (*.xlsx)</source>
      <translation>Excel 工作簿，信用代码和电话号码原样保留 (*.xlsx)</translation>
    </message>
    <message>
      <source>CSV UTF-8, spreadsheets may turn long codes into numbers such as 9.1E+17 (*.csv)</source>
      <translation>CSV UTF-8，用表格软件打开时长代码可能变成 9.1E+17 这样的数字 (*.csv)</translation>
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
    <name>ComplaintDialog</name>
    <message>
      <source>Correct complaint %1</source>
      <translation>修改投诉 %1</translation>
    </message>
    <message>
      <source>Register complaint</source>
      <translation>登记投诉</translation>
    </message>
    <message>
      <source>Came in by</source>
      <translation>投诉渠道</translation>
    </message>
    <message>
      <source>Complainant</source>
      <translation>投诉人</translation>
    </message>
    <message>
      <source>Client</source>
      <translation>服务对象</translation>
    </message>
    <message>
      <source>Type a name or credit code, then choose below</source>
      <translation>输入名称或统一社会信用代码，然后在下方选择</translation>
    </message>
    <message>
      <source>Matches</source>
      <translation>匹配结果</translation>
    </message>
    <message>
      <source>Complainant's name</source>
      <translation>投诉人姓名</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>About request no.</source>
      <translation>涉及服务需求编号</translation>
    </message>
    <message>
      <source>e.g. LZ-YF01-20261123-0001 (optional)</source>
      <translation>如 LZ-YF01-20261123-0001（可不填）</translation>
    </message>
    <message>
      <source>About staff member</source>
      <translation>涉及工作人员</translation>
    </message>
    <message>
      <source>About institution or expert</source>
      <translation>涉及服务机构或专家</translation>
    </message>
    <message>
      <source>About the station</source>
      <translation>涉及本站</translation>
    </message>
    <message>
      <source>The station's service in general</source>
      <translation>本站总体服务</translation>
    </message>
    <message>
      <source>Service category</source>
      <translation>服务类别</translation>
    </message>
    <message>
      <source>(none)</source>
      <translation>（无）</translation>
    </message>
    <message>
      <source>What happened</source>
      <translation>投诉内容</translation>
    </message>
    <message>
      <source>The complaint in the complainant's words</source>
      <translation>按投诉人原话记录</translation>
    </message>
    <message>
      <source>What the complainant wants</source>
      <translation>投诉人诉求</translation>
    </message>
  </context>
  <context>
    <name>ComplaintDocuments</name>
    <message>
      <source>Complaint receipt (投诉受理回执)…</source>
      <translation>投诉受理回执…</translation>
    </message>
    <message>
      <source>Complaint receipt</source>
      <translation>投诉受理回执</translation>
    </message>
    <message>
      <source>Complaint receipt %1.pdf</source>
      <translation>投诉受理回执 %1.pdf</translation>
    </message>
    <message>
      <source>Making the complaint receipt…</source>
      <translation>正在生成投诉受理回执…</translation>
    </message>
    <message>
      <source>Result letter (投诉处理结果告知书)…</source>
      <translation>投诉处理结果告知书…</translation>
    </message>
    <message>
      <source>Result letter</source>
      <translation>投诉处理结果告知书</translation>
    </message>
    <message>
      <source>Result letter %1.pdf</source>
      <translation>投诉处理结果告知书 %1.pdf</translation>
    </message>
    <message>
      <source>Making the result letter…</source>
      <translation>正在生成投诉处理结果告知书…</translation>
    </message>
    <message>
      <source>&amp;Print letters</source>
      <translation>打印文书(&amp;P)</translation>
    </message>
    <message>
      <source>Print the complaint receipt or the result letter</source>
      <translation>打印投诉受理回执或处理结果告知书</translation>
    </message>
  </context>
  <context>
    <name>ComplaintTableModel</name>
    <message>
      <source>Number</source>
      <translation>编号</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>期限</translation>
    </message>
    <message>
      <source>Complainant</source>
      <translation>投诉人</translation>
    </message>
    <message>
      <source>About</source>
      <translation>投诉对象</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>服务类别</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>渠道</translation>
    </message>
    <message>
      <source>Received</source>
      <translation>受理时间</translation>
    </message>
    <message>
      <source>Investigator</source>
      <translation>调查人</translation>
    </message>
    <message>
      <source>What happened</source>
      <translation>投诉内容</translation>
    </message>
    <message>
      <source>the station</source>
      <translation>本站</translation>
    </message>
  </context>
  <context>
    <name>ComplaintTimeLimitsDialog</name>
    <message>
      <source>Complaint time limits</source>
      <translation>投诉办理时限</translation>
    </message>
    <message>
      <source>Working days each stage of a complaint may take (holidays and make-up workdays as in the calendar of 时限设置). A change applies to due dates computed from now on.</source>
      <translation>投诉各环节的办理时限（工作日，节假日和调休上班日以“时限设置”中的日历为准）。修改只影响此后计算的期限。</translation>
    </message>
    <message>
      <source> working days</source>
      <translation> 个工作日</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
  </context>
  <context>
    <name>ComplaintWindow</name>
    <message>
      <source>Timeline</source>
      <translation>办理过程</translation>
    </message>
    <message>
      <source>When</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Who</source>
      <translation>经办人</translation>
    </message>
    <message>
      <source>Step</source>
      <translation>环节</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>详情</translation>
    </message>
    <message>
      <source>Attachments</source>
      <translation>附件</translation>
    </message>
    <message>
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>大小</translation>
    </message>
    <message>
      <source>Correct what was registered (until the complaint is assessed)</source>
      <translation>修改登记内容（评估之前）</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>Complaint</source>
      <translation>投诉</translation>
    </message>
    <message>
      <source>Complaint %1</source>
      <translation>投诉 %1</translation>
    </message>
    <message>
      <source>due %1</source>
      <translation>期限 %1</translation>
    </message>
    <message>
      <source>Yes</source>
      <translation>是</translation>
    </message>
    <message>
      <source>No</source>
      <translation>否</translation>
    </message>
    <message>
      <source>(not shown)</source>
      <translation>（不予显示）</translation>
    </message>
    <message>
      <source>Complainant</source>
      <translation>投诉人</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>渠道</translation>
    </message>
    <message>
      <source>Received</source>
      <translation>受理时间</translation>
    </message>
    <message>
      <source>the station</source>
      <translation>本站</translation>
    </message>
    <message>
      <source>About</source>
      <translation>投诉对象</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>服务类别</translation>
    </message>
    <message>
      <source>What happened</source>
      <translation>投诉内容</translation>
    </message>
    <message>
      <source>What is wanted</source>
      <translation>诉求</translation>
    </message>
    <message>
      <source>Assessment</source>
      <translation>评估</translation>
    </message>
    <message>
      <source>Investigated by</source>
      <translation>调查人</translation>
    </message>
    <message>
      <source>Findings</source>
      <translation>调查核实情况</translation>
    </message>
    <message>
      <source>Forwarded to</source>
      <translation>转交机构</translation>
    </message>
    <message>
      <source>Institution's reply</source>
      <translation>机构答复</translation>
    </message>
    <message>
      <source>Decision</source>
      <translation>处理意见</translation>
    </message>
    <message>
      <source>Complainant told</source>
      <translation>告知投诉人</translation>
    </message>
    <message>
      <source>Satisfied</source>
      <translation>满意</translation>
    </message>
    <message>
      <source>Reaction</source>
      <translation>投诉人意见</translation>
    </message>
    <message>
      <source>Referred to</source>
      <translation>转至</translation>
    </message>
    <message>
      <source>Outcome</source>
      <translation>结果</translation>
    </message>
    <message>
      <source>Valid complaint</source>
      <translation>有效投诉</translation>
    </message>
    <message>
      <source>Why</source>
      <translation>理由</translation>
    </message>
    <message>
      <source>Rectified</source>
      <translation>已整改</translation>
    </message>
    <message>
      <source>Rectification</source>
      <translation>整改情况</translation>
    </message>
    <message>
      <source>Not accepted because</source>
      <translation>不予受理理由</translation>
    </message>
    <message>
      <source>Withdrawn because</source>
      <translation>撤回理由</translation>
    </message>
    <message>
      <source>City platform</source>
      <translation>市级平台</translation>
    </message>
    <message>
      <source>Attach files</source>
      <translation>添加附件</translation>
    </message>
  </context>
  <context>
    <name>ComplaintsPage</name>
    <message>
      <source>Search number, complainant or what happened</source>
      <translation>搜索编号、投诉人或投诉内容</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>All statuses</source>
      <translation>全部状态</translation>
    </message>
    <message>
      <source>Open (still being handled)</source>
      <translation>在办（尚未办结）</translation>
    </message>
    <message>
      <source>Due date</source>
      <translation>期限</translation>
    </message>
    <message>
      <source>Any due date</source>
      <translation>全部期限</translation>
    </message>
    <message>
      <source>Overdue</source>
      <translation>已逾期</translation>
    </message>
    <message>
      <source>Due today or tomorrow</source>
      <translation>今明两天到期</translation>
    </message>
    <message>
      <source>Register complaint</source>
      <translation>登记投诉</translation>
    </message>
    <message>
      <source>Register a new complaint (Ctrl+N)</source>
      <translation>登记新投诉（Ctrl+N）</translation>
    </message>
    <message>
      <source>Assessment…</source>
      <translation>考核统计…</translation>
    </message>
    <message>
      <source>Valid complaints by staff member and institution, and the classification of a period (§7.5.4, §7.5.5)</source>
      <translation>按工作人员和服务机构统计有效投诉，并按期间分类统计（§7.5.4、§7.5.5）</translation>
    </message>
    <message>
      <source>Time limits…</source>
      <translation>时限设置…</translation>
    </message>
    <message>
      <source>The working days each stage of a complaint may take</source>
      <translation>投诉各环节的办理时限（工作日）</translation>
    </message>
    <message>
      <source>Export…</source>
      <translation>导出…</translation>
    </message>
    <message>
      <source>Export the complaints listed, as filtered, to Excel</source>
      <translation>将筛选后的投诉列表导出为 Excel</translation>
    </message>
    <message>
      <source>About</source>
      <translation>投诉对象</translation>
    </message>
    <message>
      <source>About anything</source>
      <translation>全部投诉对象</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>渠道</translation>
    </message>
    <message>
      <source>All channels</source>
      <translation>全部渠道</translation>
    </message>
    <message>
      <source>Validity</source>
      <translation>有效性</translation>
    </message>
    <message>
      <source>Valid or not</source>
      <translation>全部有效性</translation>
    </message>
    <message>
      <source>Valid complaints</source>
      <translation>有效投诉</translation>
    </message>
    <message>
      <source>Not valid</source>
      <translation>无效投诉</translation>
    </message>
    <message>
      <source>Not yet decided</source>
      <translation>尚未认定</translation>
    </message>
    <message>
      <source>Service category</source>
      <translation>服务类别</translation>
    </message>
    <message>
      <source>All categories</source>
      <translation>全部服务类别</translation>
    </message>
    <message>
      <source>Received from</source>
      <translation>受理日期从</translation>
    </message>
    <message>
      <source>Received until</source>
      <translation>受理日期至</translation>
    </message>
    <message>
      <source>to</source>
      <translation>至</translation>
    </message>
    <message>
      <source>Clear filters</source>
      <translation>清除筛选</translation>
    </message>
    <message numerus="yes">
      <source>%n complaint(s)</source>
      <translation>
        <numerusform>%n 件投诉</numerusform>
      </translation>
    </message>
    <message>
      <source>Export complaints</source>
      <translation>导出投诉</translation>
    </message>
    <message>
      <source>Exporting complaints…</source>
      <translation>正在导出投诉…</translation>
    </message>
    <message>
      <source>The export was cancelled; no file was written.</source>
      <translation>已取消导出，未写入文件。</translation>
    </message>
    <message>
      <source>Exported %1 complaints to %2.</source>
      <translation>已导出 %1 件投诉到 %2。</translation>
    </message>
  </context>
  <context>
    <name>ContactsEditor</name>
    <message>
      <source>Add contact</source>
      <translation>添加联系人</translation>
    </message>
    <message>
      <source>Remove contact</source>
      <translation>删除联系人</translation>
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
    <name>DashboardPage</name>
    <message>
      <source>Dashboard</source>
      <translation>工作台</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
    <message>
      <source>Counting…</source>
      <translation>正在统计…</translation>
    </message>
    <message>
      <source>Counted at %1</source>
      <translation>统计时间：%1</translation>
    </message>
  </context>
  <context>
    <name>Documents</name>
    <message>
      <source>The document could not be made: %1</source>
      <translation>文书未能生成：%1</translation>
    </message>
    <message>
      <source>Public service information %1.pdf</source>
      <translation>服务信息公示 %1.pdf</translation>
    </message>
    <message>
      <source>Public service information</source>
      <translation>服务信息公示</translation>
    </message>
    <message>
      <source>Making the public service information…</source>
      <translation>正在生成服务信息公示…</translation>
    </message>
    <message>
      <source>Blank on-site service record form.pdf</source>
      <translation>现场服务记录表（空白）.pdf</translation>
    </message>
    <message>
      <source>Blank on-site service record form</source>
      <translation>空白现场服务记录表</translation>
    </message>
    <message>
      <source>Making the form…</source>
      <translation>正在生成记录表…</translation>
    </message>
    <message>
      <source>Archived on-site service record</source>
      <translation>存档的现场服务记录</translation>
    </message>
    <message>
      <source>Opening the archived record…</source>
      <translation>正在打开存档记录…</translation>
    </message>
  </context>
  <context>
    <name>Drafts</name>
    <message>
      <source>Restore unsaved input?</source>
      <translation>恢复未保存的内容？</translation>
    </message>
    <message>
      <source>This form has input that was not saved (%1). Restore it?</source>
      <translation>此表单有未保存的内容（%1），是否恢复？</translation>
    </message>
  </context>
  <context>
    <name>Export</name>
    <message>
      <source>The file could not be written: %1</source>
      <translation>无法写入文件：%1</translation>
    </message>
  </context>
  <context>
    <name>ExportDialog</name>
    <message>
      <source>Export signed records</source>
      <translation>导出已签字记录</translation>
    </message>
    <message>
      <source>Copies the archived PDF of every on-site service record signed in the period into a folder. Files already there are not overwritten.</source>
      <translation>将该期间内签字的每份现场服务记录的存档 PDF 复制到文件夹中。文件夹中已有的文件不会被覆盖。</translation>
    </message>
    <message>
      <source>Signed &amp;from:</source>
      <translation>签字日期起(&amp;F)：</translation>
    </message>
    <message>
      <source>&amp;To (inclusive):</source>
      <translation>签字日期止（含当日）(&amp;T)：</translation>
    </message>
    <message>
      <source>Signed records:</source>
      <translation>已签字记录：</translation>
    </message>
    <message>
      <source>Folder</source>
      <translation>文件夹</translation>
    </message>
    <message>
      <source>&amp;Choose…</source>
      <translation>选择(&amp;C)…</translation>
    </message>
    <message>
      <source>Fol&amp;der:</source>
      <translation>文件夹(&amp;D)：</translation>
    </message>
    <message>
      <source>&amp;Export</source>
      <translation>导出(&amp;E)</translation>
    </message>
    <message>
      <source>&amp;Open folder</source>
      <translation>打开文件夹(&amp;O)</translation>
    </message>
    <message>
      <source>The start date is after the end date.</source>
      <translation>开始日期晚于结束日期。</translation>
    </message>
    <message>
      <source>Counting…</source>
      <translation>正在统计…</translation>
    </message>
    <message>
      <source>The records could not be counted.</source>
      <translation>无法统计记录数。</translation>
    </message>
    <message>
      <source>Export into folder</source>
      <translation>导出到文件夹</translation>
    </message>
    <message>
      <source>Exporting signed records…</source>
      <translation>正在导出已签字记录…</translation>
    </message>
    <message>
      <source>Exported %1 of %2 records…</source>
      <translation>已导出 %1/%2 条记录…</translation>
    </message>
    <message>
      <source>Stopped after %1 of %2 records. The files exported so far are in %3.</source>
      <translation>导出已中止：共 %2 条记录，已导出 %1 条。已导出的文件位于 %3。</translation>
    </message>
    <message>
      <source>Records exported: %1, into %2.</source>
      <translation>已导出 %1 条记录到 %2。</translation>
    </message>
    <message>
      <source>The export stopped with an error.</source>
      <translation>导出因出错而中止。</translation>
    </message>
  </context>
  <context>
    <name>FigureBox</name>
    <message>
      <source>Enter or double-click a count: the list behind it</source>
      <translation>回车或双击数字：打开其对应的列表</translation>
    </message>
  </context>
  <context>
    <name>Form</name>
    <message>
      <source>Discard changes?</source>
      <translation>放弃修改？</translation>
    </message>
  </context>
  <context>
    <name>FormDialog</name>
    <message>
      <source>This form has unsaved changes. Discard them?</source>
      <translation>此表单有未保存的修改，确定放弃吗？</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
  </context>
  <context>
    <name>ImprovementPage</name>
    <message>
      <source>Rectifications (差评整改)</source>
      <translation>差评整改</translation>
    </message>
    <message>
      <source>Improvement plans</source>
      <translation>持续改进计划</translation>
    </message>
  </context>
  <context>
    <name>InstitutionDialog</name>
    <message>
      <source>Edit institution or expert</source>
      <translation>编辑服务机构或专家</translation>
    </message>
    <message>
      <source>New institution or expert</source>
      <translation>新建服务机构或专家</translation>
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
      <source>Contact person</source>
      <translation>联系人</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>E-mail</source>
      <translation>电子邮箱</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Capability</source>
      <translation>服务能力</translation>
    </message>
    <message>
      <source>Qualifications</source>
      <translation>资质</translation>
    </message>
    <message>
      <source>Add qualification</source>
      <translation>添加资质</translation>
    </message>
    <message>
      <source>Remove qualification</source>
      <translation>删除资质</translation>
    </message>
    <message>
      <source>Qualification</source>
      <translation>资质名称</translation>
    </message>
    <message>
      <source>Certificate no.</source>
      <translation>证书编号</translation>
    </message>
    <message>
      <source>Valid from</source>
      <translation>有效期起</translation>
    </message>
    <message>
      <source>Valid until</source>
      <translation>有效期至</translation>
    </message>
    <message>
      <source>Contacts</source>
      <translation>联系人</translation>
    </message>
    <message>
      <source>Qualification %1: %2</source>
      <translation>资质 %1：%2</translation>
    </message>
  </context>
  <context>
    <name>InstitutionRecordPanel</name>
    <message>
      <source>Record</source>
      <translation>档案</translation>
    </message>
    <message>
      <source>Type</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Capability</source>
      <translation>服务能力</translation>
    </message>
    <message>
      <source>Contacts</source>
      <translation>联系人</translation>
    </message>
    <message>
      <source>Services given</source>
      <translation>服务情况</translation>
    </message>
    <message>
      <source>On-time feedback</source>
      <translation>按时反馈率</translation>
    </message>
    <message>
      <source>Average evaluation</source>
      <translation>平均评价</translation>
    </message>
    <message>
      <source>Qualifications</source>
      <translation>资质</translation>
    </message>
    <message>
      <source>Recent referrals</source>
      <translation>近期转办</translation>
    </message>
    <message>
      <source>Request</source>
      <translation>需求编号</translation>
    </message>
    <message>
      <source>Client</source>
      <translation>服务对象</translation>
    </message>
    <message>
      <source>Referred</source>
      <translation>转办日期</translation>
    </message>
    <message>
      <source>Deadline</source>
      <translation>反馈期限</translation>
    </message>
    <message>
      <source>Feedback</source>
      <translation>反馈日期</translation>
    </message>
    <message>
      <source>In time</source>
      <translation>是否按时</translation>
    </message>
    <message>
      <source>Yes</source>
      <translation>按时</translation>
    </message>
    <message>
      <source>Late</source>
      <translation>逾期</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>%1 (disabled)</source>
      <translation>%1（已停用）</translation>
    </message>
    <message>
      <source>Referred: %1; completed: %2</source>
      <translation>转办 %1 件；办结 %2 件</translation>
    </message>
    <message>
      <source>none judged yet</source>
      <translation>暂无可统计的记录</translation>
    </message>
    <message>
      <source>no evaluations yet</source>
      <translation>暂无评价</translation>
    </message>
    <message>
      <source>%1 of 5</source>
      <translation>%1 分（满分 5 分）</translation>
    </message>
  </context>
  <context>
    <name>InstitutionTableModel</name>
    <message>
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>Type</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Capability</source>
      <translation>服务能力</translation>
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
      <source>Qualifications</source>
      <translation>资质</translation>
    </message>
    <message>
      <source>%1 (disabled)</source>
      <translation>%1（已停用）</translation>
    </message>
  </context>
  <context>
    <name>InstitutionsPage</name>
    <message>
      <source>Search name, type, capability, contact or phone</source>
      <translation>搜索名称、类型、服务能力、联系人或电话</translation>
    </message>
    <message>
      <source>Show disabled</source>
      <translation>显示已停用</translation>
    </message>
    <message>
      <source>New</source>
      <translation>新建</translation>
    </message>
    <message>
      <source>Register an institution, expert team or expert (Ctrl+N)</source>
      <translation>登记服务机构、专家队伍或专家（Ctrl+N）</translation>
    </message>
    <message>
      <source>Edit</source>
      <translation>编辑</translation>
    </message>
    <message>
      <source>Disable</source>
      <translation>停用</translation>
    </message>
    <message numerus="yes">
      <source>%n entries</source>
      <translation>
        <numerusform>共 %n 条</numerusform>
      </translation>
    </message>
    <message>
      <source>Enable</source>
      <translation>启用</translation>
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
    <name>ListPage</name>
    <message>
      <source>Searching…</source>
      <translation>正在查询…</translation>
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
      <source>Opening the station's records…</source>
      <translation>正在打开本站数据…</translation>
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
      <source>New on-site visit: the request</source>
      <translation>新建上门服务：先登记服务需求</translation>
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
      <source>&amp;Documents</source>
      <translation>文书(&amp;D)</translation>
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
      <source>Work is still running in the background (an import, an export or a sync). Stop it and close? What is already done is kept.</source>
      <translation>后台仍有工作在进行（导入、导出或同步）。停止并关闭吗？已完成的部分会保留。</translation>
    </message>
  </context>
  <context>
    <name>NextYearWarning</name>
    <message>
      <source>No holidays for %1 in the calendar yet</source>
      <translation>日历中尚无 %1 年的节假日</translation>
    </message>
    <message>
      <source>Due dates in %1 count only weekends as days off until its holidays and make-up workdays are in the calendar. Import the State Council's schedule, enter it under Time limits, or wait for the city platform to publish it at a sync.</source>
      <translation>在日历录入 %1 年的法定节假日和调休上班日之前，该年的到期日只把周末算作休息日。请导入国务院公布的节假日安排、在“时限设置”中录入，或等待市级平台下发后在同步时自动更新。</translation>
    </message>
  </context>
  <context>
    <name>OfficersEditor</name>
    <message>
      <source>Officers</source>
      <translation>服务人员</translation>
    </message>
    <message>
      <source>Officer to add</source>
      <translation>要添加的服务人员</translation>
    </message>
    <message>
      <source>Pick a colleague or type a name</source>
      <translation>选择同事或输入姓名</translation>
    </message>
    <message>
      <source>Add officer</source>
      <translation>添加服务人员</translation>
    </message>
    <message>
      <source>Remove officer</source>
      <translation>删除服务人员</translation>
    </message>
  </context>
  <context>
    <name>OptionalDateEdit</name>
    <message>
      <source>No date</source>
      <translation>无日期</translation>
    </message>
  </context>
  <context>
    <name>PdfPreviewDialog</name>
    <message>
      <source>Zoom &amp;out</source>
      <translation>缩小(&amp;O)</translation>
    </message>
    <message>
      <source>Zoom &amp;in</source>
      <translation>放大(&amp;I)</translation>
    </message>
    <message>
      <source>&amp;Fit width</source>
      <translation>适合宽度(&amp;F)</translation>
    </message>
    <message>
      <source>Loading…</source>
      <translation>正在加载…</translation>
    </message>
    <message>
      <source>Document pages</source>
      <translation>文档页面</translation>
    </message>
    <message>
      <source>&amp;Print…</source>
      <translation>打印(&amp;P)…</translation>
    </message>
    <message>
      <source>&amp;Save as PDF…</source>
      <translation>另存为 PDF(&amp;S)…</translation>
    </message>
    <message>
      <source>No pages</source>
      <translation>没有页面</translation>
    </message>
    <message>
      <source>The document %1 does not exist.</source>
      <translation>文档 %1 不存在。</translation>
    </message>
    <message>
      <source>The document %1 could not be opened: it is damaged or not a PDF file.</source>
      <translation>无法打开文档 %1：文件已损坏或不是 PDF 文件。</translation>
    </message>
    <message>
      <source>The document %1 could not be read: %2</source>
      <translation>无法读取文档 %1：%2</translation>
    </message>
    <message>
      <source>The document could not be shown: %1</source>
      <translation>无法显示文档：%1</translation>
    </message>
    <message>
      <source>%1 %</source>
      <translation>%1%</translation>
    </message>
    <message>
      <source>Page %1 of %2</source>
      <translation>第 %1 页，共 %2 页</translation>
    </message>
    <message>
      <source>Save as PDF</source>
      <translation>另存为 PDF</translation>
    </message>
    <message>
      <source>PDF documents (*.pdf)</source>
      <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
      <source>%1 is a folder. Choose a file name.</source>
      <translation>%1 是文件夹，请选择文件名。</translation>
    </message>
    <message>
      <source>The document %1 no longer exists.</source>
      <translation>文档 %1 已不存在。</translation>
    </message>
    <message>
      <source>The folder %1 does not exist.</source>
      <translation>文件夹 %1 不存在。</translation>
    </message>
    <message>
      <source>You may not write to %1. Choose another folder, or close the file if another program has it open.</source>
      <translation>无权写入 %1。请选择其他文件夹；如该文件已被其他程序打开，请先将其关闭。</translation>
    </message>
    <message>
      <source>The document could not be saved to %1: %2</source>
      <translation>文档无法保存到 %1：%2</translation>
    </message>
    <message>
      <source>Saved to %1</source>
      <translation>已保存到 %1</translation>
    </message>
    <message>
      <source>The printer could not be started.</source>
      <translation>无法启动打印机。</translation>
    </message>
    <message numerus="yes">
      <source>Sent %n page(s) to the printer.</source>
      <translation>
        <numerusform>已将 %n 页发送到打印机。</numerusform>
      </translation>
    </message>
    <message>
      <source>The printer stopped accepting pages.</source>
      <translation>打印机已停止接收页面。</translation>
    </message>
    <message>
      <source>Printing…</source>
      <translation>正在打印…</translation>
    </message>
  </context>
  <context>
    <name>PlanDialog</name>
    <message>
      <source>New improvement plan</source>
      <translation>新建持续改进计划</translation>
    </message>
    <message>
      <source>Add an action</source>
      <translation>添加改进措施</translation>
    </message>
    <message>
      <source>Action done</source>
      <translation>措施完成</translation>
    </message>
    <message>
      <source>Review (复查)</source>
      <translation>复查</translation>
    </message>
    <message>
      <source>The problem</source>
      <translation>存在的问题</translation>
    </message>
    <message>
      <source>The goal</source>
      <translation>改进目标</translation>
    </message>
    <message>
      <source>Also seen in</source>
      <translation>其他来源</translation>
    </message>
    <message>
      <source>Where it was seen</source>
      <translation>问题来源</translation>
    </message>
    <message>
      <source>What was seen there</source>
      <translation>来源说明</translation>
    </message>
    <message>
      <source>What is to be done</source>
      <translation>改进措施</translation>
    </message>
    <message>
      <source>Owner</source>
      <translation>责任人</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>完成期限</translation>
    </message>
    <message>
      <source>What shows it was done (evidence)</source>
      <translation>完成证据</translation>
    </message>
    <message>
      <source>Reviewed on</source>
      <translation>复查日期</translation>
    </message>
    <message>
      <source>Was it effective?</source>
      <translation>是否有效？</translation>
    </message>
    <message>
      <source>Effective</source>
      <translation>有效</translation>
    </message>
    <message>
      <source>Not effective</source>
      <translation>无效</translation>
    </message>
    <message>
      <source>What the review found</source>
      <translation>复查情况</translation>
    </message>
    <message>
      <source>What follows</source>
      <translation>后续措施</translation>
    </message>
  </context>
  <context>
    <name>PlansTab</name>
    <message>
      <source>Show</source>
      <translation>显示</translation>
    </message>
    <message>
      <source>In progress</source>
      <translation>进行中</translation>
    </message>
    <message>
      <source>Closed</source>
      <translation>已关闭</translation>
    </message>
    <message>
      <source>All</source>
      <translation>全部</translation>
    </message>
    <message>
      <source>Problem</source>
      <translation>问题</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Actions done</source>
      <translation>措施完成</translation>
    </message>
    <message>
      <source>Overdue actions</source>
      <translation>逾期措施</translation>
    </message>
    <message>
      <source>Made on</source>
      <translation>制定日期</translation>
    </message>
    <message>
      <source>Action</source>
      <translation>措施</translation>
    </message>
    <message>
      <source>Owner</source>
      <translation>责任人</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>完成期限</translation>
    </message>
    <message>
      <source>Evidence</source>
      <translation>完成证据</translation>
    </message>
    <message>
      <source>New plan…</source>
      <translation>新建计划…</translation>
    </message>
    <message>
      <source>Add an action…</source>
      <translation>添加措施…</translation>
    </message>
    <message>
      <source>Action done…</source>
      <translation>措施完成…</translation>
    </message>
    <message>
      <source>Attach evidence…</source>
      <translation>附加证据…</translation>
    </message>
    <message>
      <source>Evidence files</source>
      <translation>证据文件</translation>
    </message>
    <message>
      <source>Review…</source>
      <translation>复查…</translation>
    </message>
    <message>
      <source>Close the plan</source>
      <translation>关闭计划</translation>
    </message>
    <message>
      <source>Export…</source>
      <translation>导出…</translation>
    </message>
    <message>
      <source>Problem: %1</source>
      <translation>问题：%1</translation>
    </message>
    <message>
      <source>Goal: %1</source>
      <translation>目标：%1</translation>
    </message>
    <message>
      <source>Seen in: %1</source>
      <translation>来源：%1</translation>
    </message>
    <message>
      <source>Made by %1 on %2</source>
      <translation>%1 于 %2 制定</translation>
    </message>
    <message>
      <source>effective</source>
      <translation>有效</translation>
    </message>
    <message>
      <source>not effective</source>
      <translation>无效</translation>
    </message>
    <message>
      <source>Review %1 (%2, %3): %4 %5</source>
      <translation>复查 %1（%2，%3）：%4 %5</translation>
    </message>
    <message>
      <source>%1 files</source>
      <translation>%1 个文件</translation>
    </message>
    <message>
      <source>Attach evidence</source>
      <translation>附加证据</translation>
    </message>
    <message>
      <source>Export the plans</source>
      <translation>导出持续改进计划</translation>
    </message>
    <message>
      <source>Excel workbook (*.xlsx)</source>
      <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
      <source>Export</source>
      <translation>导出</translation>
    </message>
    <message>
      <source>%1 plans exported to %2.</source>
      <translation>已导出 %1 个计划到 %2。</translation>
    </message>
  </context>
  <context>
    <name>QualificationsModel</name>
    <message>
      <source>Qualification</source>
      <translation>资质名称</translation>
    </message>
    <message>
      <source>Certificate no.</source>
      <translation>证书编号</translation>
    </message>
    <message>
      <source>Valid from</source>
      <translation>有效期起</translation>
    </message>
    <message>
      <source>Valid until</source>
      <translation>有效期至</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>(none)</source>
      <translation>（无）</translation>
    </message>
  </context>
  <context>
    <name>RecordSeal</name>
    <message>
      <source>Signatures and seal</source>
      <translation>签字与封存</translation>
    </message>
    <message>
      <source>Record ID: %1</source>
      <translation>记录标识：%1</translation>
    </message>
    <message>
      <source>Content hash (SHA-256): %1</source>
      <translation>内容哈希（SHA-256）：%1</translation>
    </message>
    <message>
      <source>Scan of the signed form: %1 (SHA-256 %2)</source>
      <translation>签字页扫描件：%1（SHA-256 %2）</translation>
    </message>
    <message>
      <source>Amendments</source>
      <translation>更正记录</translation>
    </message>
    <message>
      <source>Record %1</source>
      <translation>记录 %1</translation>
    </message>
    <message>
      <source>Corrections of this record (Enter opens one):</source>
      <translation>本记录的更正记录（按 Enter 打开）：</translation>
    </message>
    <message>
      <source>Client</source>
      <translation>服务对象</translation>
    </message>
    <message>
      <source>Officer</source>
      <translation>服务人员</translation>
    </message>
    <message>
      <source>Signed by pen on the printed form (its scan is kept).</source>
      <translation>已在打印的记录表上手写签字（扫描件已存档）。</translation>
    </message>
    <message>
      <source>Declined to sign. Reason: %1</source>
      <translation>拒绝签字。理由：%1</translation>
    </message>
    <message>
      <source>Signature of %1</source>
      <translation>%1 的签字</translation>
    </message>
  </context>
  <context>
    <name>RecoverDialog</name>
    <message>
      <source>The station's database is damaged and cannot be opened, and no good backup of it was found. Keep the folder %1 as it is and call the station's IT support.</source>
      <translation>本站数据库已损坏，无法打开，且未找到可用的备份。请保持文件夹 %1 原样，并联系本站的信息技术支持人员。</translation>
    </message>
    <message>
      <source>The station's database is damaged and cannot be opened.

The latest good backup was made on %1 (%2). Put it in place? The damaged folder is kept beside it, renamed; what was entered since that backup is not in it.</source>
      <translation>本站数据库已损坏，无法打开。

最近一份完好的备份制作于 %1（%2）。是否用它恢复？损坏的文件夹会改名后保留在旁边；该备份之后录入的内容不在其中。</translation>
    </message>
    <message>
      <source>The backup could not be put in place: %1</source>
      <translation>无法用该备份恢复：%1</translation>
    </message>
    <message>
      <source>The station is back as it was on %1. The damaged folder is kept as %2. Start the app again to open it.</source>
      <translation>本站数据已恢复到 %1 时的状态。损坏的文件夹保留为 %2。请重新启动程序打开。</translation>
    </message>
  </context>
  <context>
    <name>RectificationDialog</name>
    <message>
      <source>Record the rectification</source>
      <translation>记录整改</translation>
    </message>
    <message>
      <source>Verify</source>
      <translation>核验</translation>
    </message>
    <message>
      <source>Owner and due day</source>
      <translation>责任人与期限</translation>
    </message>
    <message>
      <source>What the verification found (核实情况)</source>
      <translation>核实情况</translation>
    </message>
    <message>
      <source>What was done (整改措施)</source>
      <translation>整改措施</translation>
    </message>
    <message>
      <source>Client told and asked again at</source>
      <translation>告知客户并再次回访时间</translation>
    </message>
    <message>
      <source>Is the client satisfied now?</source>
      <translation>客户现在是否满意？</translation>
    </message>
    <message>
      <source>Satisfied</source>
      <translation>满意</translation>
    </message>
    <message>
      <source>Still dissatisfied</source>
      <translation>仍不满意</translation>
    </message>
    <message>
      <source>What the client said</source>
      <translation>客户意见</translation>
    </message>
    <message>
      <source>Verification</source>
      <translation>核验结论</translation>
    </message>
    <message>
      <source>Effective: close it</source>
      <translation>整改有效：办结</translation>
    </message>
    <message>
      <source>Not effective: back to its owner</source>
      <translation>整改无效：退回责任人</translation>
    </message>
    <message>
      <source>Note (required when not effective)</source>
      <translation>核验意见（无效时必填）</translation>
    </message>
    <message>
      <source>Owner</source>
      <translation>责任人</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>完成期限</translation>
    </message>
  </context>
  <context>
    <name>RectificationsTab</name>
    <message>
      <source>Show</source>
      <translation>显示</translation>
    </message>
    <message>
      <source>Not yet closed</source>
      <translation>未办结</translation>
    </message>
    <message>
      <source>To rectify</source>
      <translation>待整改</translation>
    </message>
    <message>
      <source>Rectified, to verify</source>
      <translation>已整改待核验</translation>
    </message>
    <message>
      <source>Overdue</source>
      <translation>已逾期</translation>
    </message>
    <message>
      <source>Closed</source>
      <translation>已关闭</translation>
    </message>
    <message>
      <source>All</source>
      <translation>全部</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>来源</translation>
    </message>
    <message>
      <source>Request / complaint</source>
      <translation>需求 / 投诉编号</translation>
    </message>
    <message>
      <source>Client</source>
      <translation>服务对象</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>完成期限</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Owner</source>
      <translation>责任人</translation>
    </message>
    <message>
      <source>Record the rectification…</source>
      <translation>记录整改…</translation>
    </message>
    <message>
      <source>Verify…</source>
      <translation>核验…</translation>
    </message>
    <message>
      <source>Owner and due day…</source>
      <translation>责任人与期限…</translation>
    </message>
    <message>
      <source>Start an improvement plan…</source>
      <translation>据此制定改进计划…</translation>
    </message>
    <message>
      <source>(overdue)</source>
      <translation>（已逾期）</translation>
    </message>
    <message>
      <source>%1 rectifications</source>
      <translation>共 %1 项整改</translation>
    </message>
    <message>
      <source>opened %1 to %2</source>
      <translation>发起于 %1 至 %2</translation>
    </message>
    <message>
      <source>What the client said: %1</source>
      <translation>客户意见：%1</translation>
    </message>
    <message>
      <source>Opened: %1</source>
      <translation>发起时间：%1</translation>
    </message>
    <message>
      <source>Found: %1</source>
      <translation>核实情况：%1</translation>
    </message>
    <message>
      <source>Done: %1</source>
      <translation>整改措施：%1</translation>
    </message>
    <message>
      <source>satisfied</source>
      <translation>满意</translation>
    </message>
    <message>
      <source>still dissatisfied</source>
      <translation>仍不满意</translation>
    </message>
    <message>
      <source>Client asked again on %1: %2. %3</source>
      <translation>%1 再次回访：%2。%3</translation>
    </message>
    <message>
      <source>Verification: %1</source>
      <translation>核验意见：%1</translation>
    </message>
  </context>
  <context>
    <name>RequestDetailDialog</name>
    <message>
      <source>Timeline</source>
      <translation>办理过程</translation>
    </message>
    <message>
      <source>When</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Who</source>
      <translation>操作人</translation>
    </message>
    <message>
      <source>Step</source>
      <translation>环节</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>详情</translation>
    </message>
    <message>
      <source>Attachments</source>
      <translation>附件</translation>
    </message>
    <message>
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>大小</translation>
    </message>
    <message>
      <source>Added</source>
      <translation>添加时间</translation>
    </message>
    <message>
      <source>By</source>
      <translation>添加人</translation>
    </message>
    <message>
      <source>Open client</source>
      <translation>打开服务对象</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>Request %1</source>
      <translation>服务需求 %1</translation>
    </message>
    <message>
      <source>Escalated to the city platform (%1). The city owns this request: only notes can be added here until it decides.</source>
      <translation>已上报市级平台（%1）。该服务需求现由市级平台负责：在市级平台作出决定前，本站只能添加备注。</translation>
    </message>
    <message>
      <source>Client</source>
      <translation>服务对象</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>渠道</translation>
    </message>
    <message>
      <source>Received</source>
      <translation>受理</translation>
    </message>
    <message>
      <source>Handled by</source>
      <translation>经办人</translation>
    </message>
    <message>
      <source>Service items</source>
      <translation>服务事项</translation>
    </message>
    <message>
      <source>What is needed</source>
      <translation>需求内容</translation>
    </message>
    <message>
      <source>Contact</source>
      <translation>联系人</translation>
    </message>
    <message>
      <source>Assessment</source>
      <translation>评估分析</translation>
    </message>
    <message>
      <source>One-time notice</source>
      <translation>一次性告知</translation>
    </message>
    <message>
      <source>Institution</source>
      <translation>服务机构</translation>
    </message>
    <message>
      <source>Result</source>
      <translation>办理结果</translation>
    </message>
    <message>
      <source>response</source>
      <translation>响应</translation>
    </message>
    <message>
      <source>hand-over</source>
      <translation>交接</translation>
    </message>
    <message>
      <source>institution feedback</source>
      <translation>机构反馈</translation>
    </message>
    <message>
      <source>completion</source>
      <translation>办结</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>时限</translation>
    </message>
    <message>
      <source>Now due</source>
      <translation>当前到期日</translation>
    </message>
    <message>
      <source>to %1, feedback by %2; client told %3 by %4</source>
      <translation>转办至 %1，%2 前反馈；已于 %3 %4服务对象</translation>
    </message>
    <message>
      <source>Changed: %1</source>
      <translation>已修改：%1</translation>
    </message>
    <message>
      <source>City platform</source>
      <translation>市级平台</translation>
    </message>
    <message>
      <source>Attach files</source>
      <translation>添加附件</translation>
    </message>
  </context>
  <context>
    <name>RequestDialog</name>
    <message>
      <source>Edit request</source>
      <translation>编辑服务需求</translation>
    </message>
    <message>
      <source>New request</source>
      <translation>新建服务需求</translation>
    </message>
    <message>
      <source>Type a name, credit code, contact or phone</source>
      <translation>输入名称、信用代码、联系人或电话</translation>
    </message>
    <message>
      <source>New client…</source>
      <translation>新建服务对象…</translation>
    </message>
    <message>
      <source>No client chosen yet.</source>
      <translation>尚未选择服务对象。</translation>
    </message>
    <message>
      <source>Client</source>
      <translation>服务对象</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>渠道</translation>
    </message>
    <message>
      <source>Service items</source>
      <translation>服务事项</translation>
    </message>
    <message>
      <source>What is needed</source>
      <translation>需求内容</translation>
    </message>
    <message>
      <source>The client's request in their words</source>
      <translation>服务对象提出的需求（按原意记录）</translation>
    </message>
    <message>
      <source>Contact person</source>
      <translation>联系人</translation>
    </message>
    <message>
      <source>Contact phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Assessment</source>
      <translation>评估分析</translation>
    </message>
    <message>
      <source>Your assessment of the need (optional)</source>
      <translation>您对该需求的评估分析（选填）</translation>
    </message>
    <message>
      <source>None</source>
      <translation>无</translation>
    </message>
    <message>
      <source>Add files…</source>
      <translation>添加文件…</translation>
    </message>
    <message>
      <source>Attachments</source>
      <translation>附件</translation>
    </message>
    <message>
      <source>No client found: register a new one.</source>
      <translation>未找到服务对象，请新建登记。</translation>
    </message>
    <message>
      <source>Attach files</source>
      <translation>添加附件</translation>
    </message>
    <message>
      <source>This request has unsaved input. Discard it?</source>
      <translation>该服务需求有未保存的内容，确定放弃吗？</translation>
    </message>
    <message>
      <source>Attaching files…</source>
      <translation>正在添加附件…</translation>
    </message>
  </context>
  <context>
    <name>RequestDocuments</name>
    <message>
      <source>One-time notice %1.pdf</source>
      <translation>一次性告知书 %1.pdf</translation>
    </message>
    <message>
      <source>One-time notice</source>
      <translation>一次性告知书</translation>
    </message>
    <message>
      <source>Making the one-time notice…</source>
      <translation>正在生成一次性告知书…</translation>
    </message>
    <message>
      <source>Referral slip %1.pdf</source>
      <translation>服务转办单 %1.pdf</translation>
    </message>
    <message>
      <source>Referral slip</source>
      <translation>服务转办单</translation>
    </message>
    <message>
      <source>Making the referral slip…</source>
      <translation>正在生成服务转办单…</translation>
    </message>
    <message>
      <source>&amp;Print documents</source>
      <translation>打印文书(&amp;P)</translation>
    </message>
    <message>
      <source>Print the one-time notice or a referral slip</source>
      <translation>打印一次性告知书或服务转办单</translation>
    </message>
    <message>
      <source>One-time notice (一次性告知书)…</source>
      <translation>一次性告知书…</translation>
    </message>
    <message>
      <source>Referral slip to %1 (服务转办单)…</source>
      <translation>转办至 %1 的服务转办单…</translation>
    </message>
  </context>
  <context>
    <name>RequestTableModel</name>
    <message>
      <source>Number</source>
      <translation>需求编号</translation>
    </message>
    <message>
      <source>Client</source>
      <translation>服务对象</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Categories</source>
      <translation>服务类别</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>渠道</translation>
    </message>
    <message>
      <source>District</source>
      <translation>所属区县</translation>
    </message>
    <message>
      <source>Received</source>
      <translation>受理时间</translation>
    </message>
    <message>
      <source>Handler</source>
      <translation>经办人</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>到期日</translation>
    </message>
    <message>
      <source>Institution</source>
      <translation>服务机构</translation>
    </message>
  </context>
  <context>
    <name>RequestsPage</name>
    <message>
      <source>Search number, client, description or contact</source>
      <translation>搜索编号、服务对象、需求内容或联系人</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>All statuses</source>
      <translation>全部状态</translation>
    </message>
    <message>
      <source>Open (still being worked on)</source>
      <translation>在办（尚未办结）</translation>
    </message>
    <message>
      <source>Due date</source>
      <translation>到期日</translation>
    </message>
    <message>
      <source>Any due date</source>
      <translation>不限到期日</translation>
    </message>
    <message>
      <source>Overdue</source>
      <translation>已逾期</translation>
    </message>
    <message>
      <source>Due today</source>
      <translation>今日到期</translation>
    </message>
    <message>
      <source>Due today or tomorrow</source>
      <translation>今明两天到期</translation>
    </message>
    <message>
      <source>New request</source>
      <translation>新建服务需求</translation>
    </message>
    <message>
      <source>Take a new service request (Ctrl+N)</source>
      <translation>受理新的服务需求（Ctrl+N）</translation>
    </message>
    <message>
      <source>Export…</source>
      <translation>导出…</translation>
    </message>
    <message>
      <source>Export the requests listed, as filtered, to Excel</source>
      <translation>将当前筛选出的服务需求导出为 Excel</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>服务类别</translation>
    </message>
    <message>
      <source>All categories</source>
      <translation>全部类别</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>渠道</translation>
    </message>
    <message>
      <source>All channels</source>
      <translation>全部渠道</translation>
    </message>
    <message>
      <source>District</source>
      <translation>所属区县</translation>
    </message>
    <message>
      <source>All districts</source>
      <translation>全部区县</translation>
    </message>
    <message>
      <source>Handler</source>
      <translation>经办人</translation>
    </message>
    <message>
      <source>Received from</source>
      <translation>受理日期起</translation>
    </message>
    <message>
      <source>Received until</source>
      <translation>受理日期止</translation>
    </message>
    <message>
      <source>to</source>
      <translation>至</translation>
    </message>
    <message>
      <source>Clear filters</source>
      <translation>清除筛选</translation>
    </message>
    <message>
      <source>All staff</source>
      <translation>全部人员</translation>
    </message>
    <message>
      <source>%1 (disabled)</source>
      <translation>%1（已停用）</translation>
    </message>
    <message>
      <source>one client only</source>
      <translation>仅限某一服务对象</translation>
    </message>
    <message>
      <source>one institution only</source>
      <translation>仅限某一服务机构</translation>
    </message>
    <message numerus="yes">
      <source>%n request(s)</source>
      <translation>
        <numerusform>共 %n 条服务需求</numerusform>
      </translation>
    </message>
    <message>
      <source>clients of one industry only</source>
      <translation>仅限某一行业的客户</translation>
    </message>
    <message>
      <source>clients of one size only</source>
      <translation>仅限某一规模的客户</translation>
    </message>
    <message>
      <source>one outcome only (from the statistics)</source>
      <translation>仅一种办理结果（来自统计分析）</translation>
    </message>
    <message>
      <source>Export requests</source>
      <translation>导出服务需求</translation>
    </message>
    <message>
      <source>Exporting requests…</source>
      <translation>正在导出服务需求…</translation>
    </message>
    <message>
      <source>The export was cancelled; no file was written.</source>
      <translation>导出已取消，未写入任何文件。</translation>
    </message>
    <message>
      <source>Exported %1 requests to %2.</source>
      <translation>已导出 %1 条服务需求到 %2。</translation>
    </message>
  </context>
  <context>
    <name>RetentionView</name>
    <message>
      <source>Retention period (years after archiving, at least %1)</source>
      <translation>保管期限（自归档起的年数，不少于 %1 年）</translation>
    </message>
    <message>
      <source> years</source>
      <translation> 年</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>Prepare a disposal list of requests…</source>
      <translation>编制服务需求档案销毁清册…</translation>
    </message>
    <message>
      <source>Prepare a disposal list of complaints…</source>
      <translation>编制投诉档案销毁清册…</translation>
    </message>
    <message>
      <source>Print list…</source>
      <translation>打印清册…</translation>
    </message>
    <message>
      <source>Confirm disposal…</source>
      <translation>确认销毁…</translation>
    </message>
    <message>
      <source>Cancel list</source>
      <translation>作废清册</translation>
    </message>
    <message>
      <source>List</source>
      <translation>清册</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>State</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Records</source>
      <translation>件数</translation>
    </message>
    <message>
      <source>Prepared by</source>
      <translation>编制人</translation>
    </message>
    <message>
      <source>Prepared</source>
      <translation>编制时间</translation>
    </message>
    <message>
      <source>Disposed of</source>
      <translation>销毁时间</translation>
    </message>
    <message>
      <source>A record leaves the station only through a confirmed disposal list, after its period; the list stays, and the city platform's copies are not touched.</source>
      <translation>档案过了保管期限后，只能通过经确认的销毁清册从本站删除；清册永久保留，市级平台保存的记录不受影响。</translation>
    </message>
    <message>
      <source>No archived record of this kind has passed its retention period.</source>
      <translation>此类档案中没有已过保管期限的记录。</translation>
    </message>
    <message>
      <source>%1 records have passed their retention period (the oldest archived on %2). Prepare a disposal list of them? Nothing is destroyed until the list is confirmed.</source>
      <translation>有 %1 件档案已过保管期限（最早的归档于 %2）。是否编制销毁清册？清册确认前不会销毁任何记录。</translation>
    </message>
    <message>
      <source>Disposal list</source>
      <translation>销毁清册</translation>
    </message>
    <message>
      <source>Disposal list %1</source>
      <translation>销毁清册 %1</translation>
    </message>
    <message>
      <source>Making the disposal list…</source>
      <translation>正在生成销毁清册…</translation>
    </message>
    <message>
      <source>Confirm disposal</source>
      <translation>确认销毁</translation>
    </message>
    <message>
      <source>The %1 records of list %2 and everything of them (timelines, visit records, attachments) will be destroyed on this computer. This cannot be undone; the backups keep them until they are pruned.</source>
      <translation>清册 %2 中的 %1 件档案及其全部内容（办理过程、现场服务记录、附件）将在本机销毁，且无法撤销；已有备份中的副本在备份轮换删除前仍会保留。</translation>
    </message>
    <message>
      <source>Destroy %1 records</source>
      <translation>销毁 %1 件档案</translation>
    </message>
    <message>
      <source>Destroying the records…</source>
      <translation>正在销毁档案…</translation>
    </message>
    <message>
      <source>%1 records were destroyed; the list is kept.</source>
      <translation>已销毁 %1 件档案，清册已保留。</translation>
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
      <source>Time zone</source>
      <translation>时区</translation>
    </message>
    <message>
      <source>The IANA name of the zone, for example Asia/Shanghai. Times on screen, in printed documents and in exports are shown in it.</source>
      <translation>时区的 IANA 名称，例如 Asia/Shanghai（北京时间）。屏幕、打印文书和导出表格中的时间都按此时区显示。</translation>
    </message>
    <message>
      <source>Change time zone</source>
      <translation>更改时区</translation>
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
    <name>SignDialog</name>
    <message>
      <source>On-site service record</source>
      <translation>现场服务记录</translation>
    </message>
    <message>
      <source>Making the record's PDF…</source>
      <translation>正在生成记录的 PDF…</translation>
    </message>
    <message>
      <source>%1 on-site service form.pdf</source>
      <translation>%1 现场服务记录表.pdf</translation>
    </message>
    <message>
      <source>Form for pen signature</source>
      <translation>手写签字用记录表</translation>
    </message>
    <message>
      <source>Making the form…</source>
      <translation>正在生成记录表…</translation>
    </message>
    <message>
      <source>Scan of the form signed by pen</source>
      <translation>选择手写签字记录表的扫描件</translation>
    </message>
    <message>
      <source>Scans and photos (*.pdf *.png *.jpg *.jpeg *.tif *.tiff);;All files (*)</source>
      <translation>扫描件和照片 (*.pdf *.png *.jpg *.jpeg *.tif *.tiff);;所有文件 (*)</translation>
    </message>
    <message>
      <source>Signed on paper</source>
      <translation>纸质签字</translation>
    </message>
    <message>
      <source>Keep %1 as the signed form and lock the record? It can no longer be changed afterwards; a correction is recorded as an amendment.</source>
      <translation>将 %1 作为已签字的记录表存档并锁定记录吗？锁定后记录不能再修改；如需更正，须另建更正记录。</translation>
    </message>
    <message>
      <source>Attaching the scan…</source>
      <translation>正在添加扫描件…</translation>
    </message>
    <message>
      <source>Sign the on-site service record</source>
      <translation>现场服务记录签字确认</translation>
    </message>
    <message>
      <source>Record %1</source>
      <translation>记录 %1</translation>
    </message>
    <message>
      <source>The client confirms the record by signing, and the officer signs. Once signed, the record can no longer be changed.</source>
      <translation>请服务对象签字确认记录内容，服务人员签字。签字后，记录不能再修改。</translation>
    </message>
    <message>
      <source>The record is not complete: open it, complete it and save it first.</source>
      <translation>记录尚不完整：请先打开记录，补充完整并保存。</translation>
    </message>
    <message>
      <source>Client</source>
      <translation>服务对象</translation>
    </message>
    <message>
      <source>Client &amp;declines to sign</source>
      <translation>服务对象拒绝签字(&amp;D)</translation>
    </message>
    <message>
      <source>Client's signature</source>
      <translation>服务对象签字</translation>
    </message>
    <message>
      <source>Why the client declines to sign (required)</source>
      <translation>服务对象拒绝签字的理由（必填）</translation>
    </message>
    <message>
      <source>In the client's words, as they said it</source>
      <translation>按服务对象的原话记录</translation>
    </message>
    <message>
      <source>Why the client declines to sign</source>
      <translation>服务对象拒绝签字的理由</translation>
    </message>
    <message>
      <source>Officer</source>
      <translation>服务人员</translation>
    </message>
    <message>
      <source>Officer's signature</source>
      <translation>服务人员签字</translation>
    </message>
    <message>
      <source>&amp;Sign and lock</source>
      <translation>签字并锁定(&amp;S)</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>The signatures are not saved. Discard them?</source>
      <translation>签字尚未保存，确定放弃吗？</translation>
    </message>
  </context>
  <context>
    <name>SignaturePad</name>
    <message>
      <source>Signature pad</source>
      <translation>签字板</translation>
    </message>
    <message>
      <source>Sign with the mouse, a pen or a finger. Ctrl+Z takes back the last stroke.</source>
      <translation>可用鼠标、手写笔或手指签字。按 Ctrl+Z 撤销上一笔。</translation>
    </message>
    <message>
      <source>No signature</source>
      <translation>未签字</translation>
    </message>
    <message>
      <source>Sign here</source>
      <translation>请在此处签字</translation>
    </message>
  </context>
  <context>
    <name>SignaturePanel</name>
    <message>
      <source>&amp;Undo stroke</source>
      <translation>撤销一笔(&amp;U)</translation>
    </message>
    <message>
      <source>Take back the last stroke (Ctrl+Z on the pad)</source>
      <translation>撤销上一笔（在签字板上按 Ctrl+Z）</translation>
    </message>
    <message>
      <source>C&amp;lear</source>
      <translation>清除(&amp;L)</translation>
    </message>
    <message>
      <source>Erase the whole signature to sign again</source>
      <translation>清除整个签字，重新签字</translation>
    </message>
    <message>
      <source>Signature of %1</source>
      <translation>%1 的签字</translation>
    </message>
    <message>
      <source>Signature</source>
      <translation>签字</translation>
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
    <name>StatisticsPage</name>
    <message>
      <source>Period</source>
      <translation>统计期间</translation>
    </message>
    <message>
      <source>This month</source>
      <translation>本月</translation>
    </message>
    <message>
      <source>Last 3 months</source>
      <translation>近 3 个月</translation>
    </message>
    <message>
      <source>Last 6 months</source>
      <translation>近 6 个月</translation>
    </message>
    <message>
      <source>Last 12 months</source>
      <translation>近 12 个月</translation>
    </message>
    <message>
      <source>From – to</source>
      <translation>自定义起止</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>服务类别</translation>
    </message>
    <message>
      <source>All categories</source>
      <translation>全部服务类别</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>渠道</translation>
    </message>
    <message>
      <source>All channels</source>
      <translation>全部渠道</translation>
    </message>
    <message>
      <source>District</source>
      <translation>区县</translation>
    </message>
    <message>
      <source>All districts</source>
      <translation>全部区县</translation>
    </message>
    <message>
      <source>Handler</source>
      <translation>经办人</translation>
    </message>
    <message>
      <source>All handlers</source>
      <translation>全部经办人</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
    <message>
      <source>Report…</source>
      <translation>报告…</translation>
    </message>
    <message>
      <source>Statistics report (统计分析报告)</source>
      <translation>统计分析报告</translation>
    </message>
    <message>
      <source>Evaluation report (服务评价报告)</source>
      <translation>服务评价报告</translation>
    </message>
    <message>
      <source>Complaints report (投诉统计分析报告)</source>
      <translation>投诉统计分析报告</translation>
    </message>
    <message>
      <source>Improvement report (持续改进报告)</source>
      <translation>持续改进报告</translation>
    </message>
    <message>
      <source>Export to Excel…</source>
      <translation>导出到 Excel…</translation>
    </message>
    <message>
      <source>to</source>
      <translation>至</translation>
    </message>
    <message>
      <source>Counting…</source>
      <translation>正在统计…</translation>
    </message>
    <message>
      <source>The figures could not be counted: %1</source>
      <translation>统计未能完成：%1</translation>
    </message>
    <message>
      <source>%1 requests received from %2 to %3</source>
      <translation>%2 至 %3 共受理服务需求 %1 件</translation>
    </message>
    <message>
      <source>Making the report…</source>
      <translation>正在生成报告…</translation>
    </message>
    <message>
      <source>Export to Excel</source>
      <translation>导出到 Excel</translation>
    </message>
    <message>
      <source>Exported to %1.</source>
      <translation>已导出到 %1。</translation>
    </message>
    <message>
      <source>Exporting…</source>
      <translation>正在导出…</translation>
    </message>
    <message>
      <source>Statistics</source>
      <translation>统计分析</translation>
    </message>
  </context>
  <context>
    <name>StepDialog</name>
    <message>
      <source>What was checked, the evidence, who was heard</source>
      <translation>调查核实了什么、证据、询问了谁</translation>
    </message>
    <message>
      <source>The institution's reply</source>
      <translation>机构答复</translation>
    </message>
    <message>
      <source>The decision (处理意见)</source>
      <translation>处理意见</translation>
    </message>
    <message>
      <source>Why it is reviewed, and what is new</source>
      <translation>复核理由及新情况</translation>
    </message>
    <message>
      <source>The outcome of the dispute resolution</source>
      <translation>争议解决结果</translation>
    </message>
    <message>
      <source>Why the complainant withdrew</source>
      <translation>投诉人撤回理由</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>The complainant will be told by</source>
      <translation>告知投诉人的方式</translation>
    </message>
    <message>
      <source>Why it is not accepted</source>
      <translation>不予受理理由</translation>
    </message>
    <message>
      <source>The complainant was told by</source>
      <translation>告知投诉人的方式</translation>
    </message>
    <message>
      <source>Told at</source>
      <translation>告知时间</translation>
    </message>
    <message>
      <source>Told by</source>
      <translation>告知方式</translation>
    </message>
    <message>
      <source>What the complainant was told</source>
      <translation>告知内容</translation>
    </message>
    <message>
      <source>The complainant is</source>
      <translation>投诉人</translation>
    </message>
    <message>
      <source>(choose)</source>
      <translation>（请选择）</translation>
    </message>
    <message>
      <source>Satisfied</source>
      <translation>满意</translation>
    </message>
    <message>
      <source>Not satisfied</source>
      <translation>不满意</translation>
    </message>
    <message>
      <source>What the complainant said</source>
      <translation>投诉人的意见</translation>
    </message>
    <message>
      <source>Referred to</source>
      <translation>转至</translation>
    </message>
    <message>
      <source>What was referred, and to whom</source>
      <translation>转交内容及对象</translation>
    </message>
    <message>
      <source>Severity</source>
      <translation>严重程度</translation>
    </message>
    <message>
      <source>Urgency</source>
      <translation>紧急程度</translation>
    </message>
    <message>
      <source>May it be valid?</source>
      <translation>是否可能有效？</translation>
    </message>
    <message>
      <source>(nobody yet)</source>
      <translation>（暂不指定）</translation>
    </message>
    <message>
      <source>Investigated by</source>
      <translation>调查人</translation>
    </message>
    <message>
      <source>Institution or expert</source>
      <translation>服务机构或专家</translation>
    </message>
    <message>
      <source>Reply due</source>
      <translation>答复期限</translation>
    </message>
    <message>
      <source>by the time limit</source>
      <translation>按规定时限</translation>
    </message>
    <message>
      <source>What the institution is asked</source>
      <translation>请机构处理的事项</translation>
    </message>
    <message>
      <source>Valid complaint (有效投诉)?</source>
      <translation>是否有效投诉？</translation>
    </message>
    <message>
      <source>Valid: it counts against whom it is about</source>
      <translation>有效：计入被投诉对象的考核</translation>
    </message>
    <message>
      <source>Not valid</source>
      <translation>无效投诉</translation>
    </message>
    <message>
      <source>Why</source>
      <translation>理由</translation>
    </message>
    <message>
      <source>Rectified</source>
      <translation>已整改</translation>
    </message>
    <message>
      <source>(not applicable)</source>
      <translation>（不适用）</translation>
    </message>
    <message>
      <source>Yes</source>
      <translation>是</translation>
    </message>
    <message>
      <source>Not yet</source>
      <translation>尚未整改</translation>
    </message>
    <message>
      <source>What was put right</source>
      <translation>整改内容</translation>
    </message>
  </context>
  <context>
    <name>StepForm</name>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>What you typed here has not been saved. Discard it?</source>
      <translation>此处输入的内容尚未保存，是否放弃？</translation>
    </message>
  </context>
  <context>
    <name>SuggestionsBox</name>
    <message>
      <source>Where to act</source>
      <translation>改进建议</translation>
    </message>
    <message>
      <source>Nothing stands out in this period.</source>
      <translation>本期间各项指标未见明显问题。</translation>
    </message>
    <message>
      <source>Start an improvement plan…</source>
      <translation>据此制定改进计划…</translation>
    </message>
    <message>
      <source>Station admins make improvement plans.</source>
      <translation>改进计划由站点管理员制定。</translation>
    </message>
  </context>
  <context>
    <name>SyncController</name>
    <message>
      <source>Syncing with the city platform…</source>
      <translation>正在与市级平台同步…</translation>
    </message>
    <message>
      <source>Preparing earlier records for the city: {done} of {total}</source>
      <translation>正在整理以往需上报的记录：{done} / {total}</translation>
    </message>
    <message>
      <source>Sending attached files…
{sent} sent</source>
      <translation>正在发送附件…
已发送 {sent}</translation>
    </message>
    <message>
      <source>Receiving the city's decisions: {n}
{sent} sent</source>
      <translation>正在接收市级平台的处理意见：{n} 条
已发送 {sent}</translation>
    </message>
    <message>
      <source>Sending records: {done} of {total}
{sent} sent</source>
      <translation>正在发送记录：{done} / {total}
已发送 {sent}</translation>
    </message>
  </context>
  <context>
    <name>SyncPage</name>
    <message>
      <source>City platform</source>
      <translation>市级平台</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>This device</source>
      <translation>本机</translation>
    </message>
    <message>
      <source>Connection</source>
      <translation>连接</translation>
    </message>
    <message>
      <source>Last successful sync</source>
      <translation>上次成功同步</translation>
    </message>
    <message>
      <source>City platform settings…</source>
      <translation>市级平台设置…</translation>
    </message>
    <message>
      <source>The city platform's address, enrolling this device, the connection test (station admins)</source>
      <translation>市级平台地址、本机注册、连接测试（站点管理员）</translation>
    </message>
    <message>
      <source>Waiting to be sent</source>
      <translation>待发送</translation>
    </message>
    <message>
      <source>Escalations</source>
      <translation>上报诉求</translation>
    </message>
    <message>
      <source>Archive records</source>
      <translation>归档记录</translation>
    </message>
    <message>
      <source>Set aside by the city</source>
      <translation>被市级平台搁置</translation>
    </message>
    <message>
      <source>End-of-day sync</source>
      <translation>日终同步</translation>
    </message>
    <message>
      <source>Send what waits to the city platform and receive its decisions (Ctrl+Shift+Y)</source>
      <translation>将待发送的记录发送至市级平台并接收其处理意见（Ctrl+Shift+Y）</translation>
    </message>
    <message>
      <source>Records set aside by the city</source>
      <translation>被市级平台搁置的记录</translation>
    </message>
    <message>
      <source>The city could not take these records. They no longer hold up the others. Once the cause is fixed, a station admin retries a record (it is sent with the next sync) or drops it; both are recorded in the audit log.</source>
      <translation>市级平台无法接收以下记录，它们不再阻塞其他记录。原因排除后，站点管理员可重试（随下次同步发送）或放弃该记录；两种操作均记入审计日志。</translation>
    </message>
    <message>
      <source>Retry</source>
      <translation>重试</translation>
    </message>
    <message>
      <source>Put the selected record back in the queue for the next sync</source>
      <translation>将所选记录放回队列，随下次同步发送</translation>
    </message>
    <message>
      <source>Drop…</source>
      <translation>放弃…</translation>
    </message>
    <message>
      <source>Give up the selected record: it is never sent</source>
      <translation>放弃所选记录：它将不再发送</translation>
    </message>
    <message>
      <source>Recent syncs</source>
      <translation>最近的同步</translation>
    </message>
    <message>
      <source>Not set up yet</source>
      <translation>尚未设置</translation>
    </message>
    <message>
      <source>Not enrolled (set the city platform's address first)</source>
      <translation>未注册（请先设置市级平台地址）</translation>
    </message>
    <message>
      <source>Checking…</source>
      <translation>正在检查…</translation>
    </message>
    <message>
      <source>Enrolled</source>
      <translation>已注册</translation>
    </message>
    <message>
      <source>Not enrolled: enrol it with the one-time code from the city</source>
      <translation>未注册：请使用市级平台提供的一次性注册码注册</translation>
    </message>
    <message>
      <source>Syncing…</source>
      <translation>正在同步…</translation>
    </message>
    <message>
      <source>Online</source>
      <translation>在线</translation>
    </message>
    <message>
      <source>Offline: the city platform does not answer</source>
      <translation>离线：市级平台无应答</translation>
    </message>
    <message>
      <source>Never</source>
      <translation>从未</translation>
    </message>
    <message>
      <source>The sync did not complete</source>
      <translation>同步未完成</translation>
    </message>
    <message>
      <source>Nothing is lost: what was not sent waits for the next sync.</source>
      <translation>数据不会丢失：未发送的记录将随下次同步发送。</translation>
    </message>
    <message>
      <source>Accepted by the city: {n}</source>
      <translation>市级平台已接收：{n}</translation>
    </message>
    <message>
      <source>Already at the city: {n}</source>
      <translation>市级平台已有：{n}</translation>
    </message>
    <message>
      <source>Set aside by the city: {n}</source>
      <translation>被市级平台搁置：{n}</translation>
    </message>
    <message>
      <source>Still waiting to be sent: {n}</source>
      <translation>仍待发送：{n}</translation>
    </message>
    <message>
      <source>Decisions received: {pulled}, applied here: {applied}</source>
      <translation>收到处理意见：{pulled} 条，已记入本站：{applied} 条</translation>
    </message>
    <message>
      <source>Attached files not on this computer: {n}</source>
      <translation>本机缺失的附件：{n}</translation>
    </message>
    <message>
      <source>The city platform found this station's history changed since the last sync ({chains}). Tell the station admin: run 'quality-station check'.</source>
      <translation>市级平台发现本站的历史记录自上次同步后被改动（{chains}）。请告知站点管理员运行“quality-station check”。</translation>
    </message>
    <message>
      <source>Sent: {size}</source>
      <translation>已发送：{size}</translation>
    </message>
    <message>
      <source>The sync was cancelled</source>
      <translation>同步已取消</translation>
    </message>
    <message>
      <source>What was sent is kept; the rest waits for the next sync.</source>
      <translation>已发送的记录保留，其余随下次同步发送。</translation>
    </message>
    <message>
      <source>The sync is complete</source>
      <translation>同步完成</translation>
    </message>
    <message>
      <source>Some records are still waiting; they go with the next sync.</source>
      <translation>仍有记录待发送，将随下次同步发送。</translation>
    </message>
    <message>
      <source>Everything was sent, but the city set some records aside: they are listed on this page with the city's reason.</source>
      <translation>已全部发送，但市级平台搁置了部分记录：它们列在本页，并附有市级平台给出的原因。</translation>
    </message>
    <message>
      <source>Everything was sent.</source>
      <translation>已全部发送。</translation>
    </message>
    <message>
      <source>Drop this record ({kind}) of request {number}, {client}? It will never be sent to the city. This is recorded in the audit log.</source>
      <translation>放弃服务需求 {number}（{client}）的这条记录（{kind}）吗？它将不再发送至市级平台。此操作记入审计日志。</translation>
    </message>
    <message>
      <source>Drop a set-aside record</source>
      <translation>放弃被搁置的记录</translation>
    </message>
  </context>
  <context>
    <name>SyncSettingsDialog</name>
    <message>
      <source>City platform settings</source>
      <translation>市级平台设置</translation>
    </message>
    <message>
      <source>Connection</source>
      <translation>连接</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>The address the city gave for its platform; https, or http for a platform on this computer</source>
      <translation>市级平台提供的地址；使用 https，本机上的平台可用 http</translation>
    </message>
    <message>
      <source>Optional: only for a city server with its own certificate authority</source>
      <translation>可选：仅用于使用自建证书颁发机构的市级服务器</translation>
    </message>
    <message>
      <source>Choose…</source>
      <translation>选择…</translation>
    </message>
    <message>
      <source>CA certificate file</source>
      <translation>CA 证书文件</translation>
    </message>
    <message>
      <source>Records per batch</source>
      <translation>每批记录数</translation>
    </message>
    <message>
      <source>How many records go in one request to the city platform (1 to 500); smaller batches suit a slow connection</source>
      <translation>每次向市级平台发送的记录数（1 至 500）；网络较慢时宜用较小的批次</translation>
    </message>
    <message>
      <source>Test connection</source>
      <translation>测试连接</translation>
    </message>
    <message>
      <source>Enrol this device</source>
      <translation>注册本机</translation>
    </message>
    <message>
      <source>Each computer of the station is enrolled once, with a one-time code from the city (valid 7 days). Its credential is kept in the system's keychain.</source>
      <translation>站点的每台电脑使用市级平台提供的一次性注册码（7 天内有效）注册一次，其凭据保存在系统钥匙串中。</translation>
    </message>
    <message>
      <source>One-time code</source>
      <translation>一次性注册码</translation>
    </message>
    <message>
      <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
      <translation>证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
    <message>
      <source>Set and save the city platform's address first.</source>
      <translation>请先设置并保存市级平台地址。</translation>
    </message>
    <message>
      <source>Checking whether this device is enrolled…</source>
      <translation>正在检查本机是否已注册…</translation>
    </message>
    <message>
      <source>This device is enrolled.</source>
      <translation>本机已注册。</translation>
    </message>
    <message>
      <source>This device is not enrolled yet.</source>
      <translation>本机尚未注册。</translation>
    </message>
    <message>
      <source>Testing…</source>
      <translation>正在测试…</translation>
    </message>
    <message>
      <source>The city platform answers at {url}.</source>
      <translation>市级平台在 {url} 有应答。</translation>
    </message>
    <message>
      <source>No answer from {url}: check the address and this computer's network.</source>
      <translation>{url} 无应答：请检查地址和本机网络。</translation>
    </message>
    <message>
      <source>Enter the one-time code from the city.</source>
      <translation>请输入市级平台提供的一次性注册码。</translation>
    </message>
    <message>
      <source>Enrolling…</source>
      <translation>正在注册…</translation>
    </message>
    <message>
      <source>This device is enrolled with the city platform as {station}.</source>
      <translation>本机已在市级平台注册，所属站点：{station}。</translation>
    </message>
    <message>
      <source>Enrolment failed.</source>
      <translation>注册失败。</translation>
    </message>
  </context>
  <context>
    <name>SyncStatus</name>
    <message>
      <source>City platform: syncing…</source>
      <translation>市级平台：正在同步…</translation>
    </message>
    <message>
      <source>City platform: not set up</source>
      <translation>市级平台：未设置</translation>
    </message>
    <message>
      <source>City platform: checking…</source>
      <translation>市级平台：正在检查…</translation>
    </message>
    <message>
      <source>City platform: offline</source>
      <translation>市级平台：离线</translation>
    </message>
    <message>
      <source>City platform: online</source>
      <translation>市级平台：在线</translation>
    </message>
    <message>
      <source>City platform: online, the last sync failed</source>
      <translation>市级平台：在线，上次同步失败</translation>
    </message>
    <message>
      <source>{n} waiting</source>
      <translation>{n} 条待发送</translation>
    </message>
    <message>
      <source>last sync {time}</source>
      <translation>上次同步 {time}</translation>
    </message>
    <message>
      <source>never synced</source>
      <translation>从未同步</translation>
    </message>
    <message>
      <source>Checked at {time}</source>
      <translation>检查于 {time}</translation>
    </message>
    <message>
      <source>The last sync failed: {error}</source>
      <translation>上次同步失败：{error}</translation>
    </message>
    <message>
      <source>Click to open the Sync page.</source>
      <translation>单击打开同步页面。</translation>
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
    <name>TimeLimitsModel</name>
    <message>
      <source>Clause</source>
      <translation>条款</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>服务类别</translation>
    </message>
    <message>
      <source>Response</source>
      <translation>响应</translation>
    </message>
    <message>
      <source>Hand-over</source>
      <translation>交接</translation>
    </message>
    <message>
      <source>Expert feedback</source>
      <translation>专家反馈</translation>
    </message>
    <message>
      <source>Completion</source>
      <translation>办结</translation>
    </message>
    <message>
      <source>Unsaved</source>
      <translation>未保存</translation>
    </message>
    <message>
      <source>Working days from receipt to the first response</source>
      <translation>自受理至首次响应的工作日数</translation>
    </message>
    <message>
      <source>Working days from registration to the hand-over to a service institution</source>
      <translation>自登记至交接给服务机构的工作日数</translation>
    </message>
    <message>
      <source>Working days from the hand-over to the expert's feedback</source>
      <translation>自交接至专家反馈的工作日数</translation>
    </message>
    <message>
      <source>Working days from receipt to completion</source>
      <translation>自受理至办结的工作日数</translation>
    </message>
    <message>
      <source>Changed</source>
      <translation>已修改</translation>
    </message>
    <message>
      <source>Not saved yet; was %1</source>
      <translation>尚未保存；原为 %1</translation>
    </message>
  </context>
  <context>
    <name>TimeLimitsPage</name>
    <message>
      <source>Time limits by service category (working days)</source>
      <translation>各服务类别的时限（工作日）</translation>
    </message>
    <message>
      <source>Limits are counted in working days: Monday to Friday, except the holidays below, plus the make-up workdays. A change applies to due dates computed from now on; due dates already computed are kept. Edited cells are marked until you save them; Esc puts back the selected category, Revert all of them.</source>
      <translation>时限按工作日计算：周一至周五，扣除下列法定节假日，另加调休上班日。修改只对此后计算的到期日生效，已计算的到期日保持不变。修改过的单元格在保存前会有标记；按 Esc 恢复所选类别，点击“撤销修改”恢复全部类别。</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>Save the changed limits (Ctrl+S)</source>
      <translation>保存已修改的时限（Ctrl+S）</translation>
    </message>
    <message>
      <source>Revert</source>
      <translation>撤销修改</translation>
    </message>
    <message>
      <source>Put back the stored limits of every changed category</source>
      <translation>将所有已修改的类别恢复为已保存的时限</translation>
    </message>
    <message>
      <source>Holidays and make-up workdays</source>
      <translation>法定节假日和调休上班日</translation>
    </message>
    <message>
      <source>&amp;Year</source>
      <translation>年份(&amp;Y)</translation>
    </message>
    <message>
      <source>In the calendar, holidays are bold on red and make-up workdays underlined on blue; the list names each.</source>
      <translation>日历中，法定节假日以红底粗体显示，调休上班日以蓝底下划线显示；列表中列出每一天的名称。</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Weekday</source>
      <translation>星期</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>来源</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Make the selected day an ordinary day again (Delete)</source>
      <translation>将所选日期恢复为普通日（Delete）</translation>
    </message>
    <message>
      <source>Import…</source>
      <translation>导入…</translation>
    </message>
    <message>
      <source>Read an .xlsx file (日期, 类型, 名称): each year it lists becomes exactly the file's days</source>
      <translation>读取 .xlsx 文件（日期、类型、名称）：文件中出现的每个年度将完全按文件内容更新</translation>
    </message>
    <message>
      <source>Export…</source>
      <translation>导出…</translation>
    </message>
    <message>
      <source>Write the chosen year's days to an .xlsx file</source>
      <translation>将所选年度的节假日导出为 .xlsx 文件</translation>
    </message>
    <message>
      <source>e.g. Labour Day</source>
      <translation>例如：劳动节</translation>
    </message>
    <message>
      <source>Add</source>
      <translation>添加</translation>
    </message>
    <message>
      <source>Mark the date; a date already in the calendar is changed</source>
      <translation>标记该日期；如该日期已在日历中，则修改其设置</translation>
    </message>
    <message numerus="yes">
      <source>%n category(ies) changed, not saved</source>
      <translation>
        <numerusform>已修改 %n 个类别，尚未保存</numerusform>
      </translation>
    </message>
    <message>
      <source>Remove day</source>
      <translation>删除日期</translation>
    </message>
    <message>
      <source>Make %1 an ordinary day again? Due dates already computed are kept.</source>
      <translation>将 %1 恢复为普通日？已计算的到期日保持不变。</translation>
    </message>
    <message>
      <source>Import holidays</source>
      <translation>导入节假日</translation>
    </message>
    <message>
      <source>Importing holidays…</source>
      <translation>正在导入节假日…</translation>
    </message>
    <message>
      <source>Imported %1 days. The calendar of %2 is now as in the file.</source>
      <translation>已导入 %1 天。%2 年的日历已按文件内容更新。</translation>
    </message>
    <message>
      <source>Export holidays</source>
      <translation>导出节假日</translation>
    </message>
    <message>
      <source>Exporting holidays…</source>
      <translation>正在导出节假日…</translation>
    </message>
    <message>
      <source>Exported %1 days to %2.</source>
      <translation>已导出 %1 天到 %2。</translation>
    </message>
    <message numerus="yes">
      <source>Nothing was imported: %n line(s) of the file are wrong.</source>
      <translation>
        <numerusform>未导入任何内容：文件中有 %n 行有误。</numerusform>
      </translation>
    </message>
    <message>
      <source>Line %1: %2</source>
      <translation>第 %1 行：%2</translation>
    </message>
    <message>
      <source>The file could not be read or written: %1</source>
      <translation>文件无法读取或写入：%1</translation>
    </message>
    <message>
      <source>Holidays</source>
      <translation>节假日</translation>
    </message>
  </context>
  <context>
    <name>VerifyDialog</name>
    <message>
      <source>Verify a printed record</source>
      <translation>核验打印的记录</translation>
    </message>
    <message>
      <source>PDF file</source>
      <translation>PDF 文件</translation>
    </message>
    <message>
      <source>Choose the PDF of an on-site service record, or drop it on this window. Its text is compared with the archived record.</source>
      <translation>选择现场服务记录的 PDF 文件，或将其拖放到此窗口。系统将其文本与存档记录逐一比对。</translation>
    </message>
    <message>
      <source>&amp;Choose PDF…</source>
      <translation>选择 PDF(&amp;C)…</translation>
    </message>
    <message>
      <source>Choose a PDF file (%1)</source>
      <translation>选择 PDF 文件（%1）</translation>
    </message>
    <message>
      <source>Paper copy</source>
      <translation>纸质件</translation>
    </message>
    <message>
      <source>Scan the QR code on the paper with the scanner, or type the record identity and content hash printed beside it, then press Enter.</source>
      <translation>用扫码枪扫描纸质件上的二维码，或输入二维码旁打印的记录标识和内容哈希，然后按 Enter。</translation>
    </message>
    <message>
      <source>Co&amp;de:</source>
      <translation>代码(&amp;D)：</translation>
    </message>
    <message>
      <source>QR code text</source>
      <translation>二维码内容</translation>
    </message>
    <message>
      <source>C&amp;heck</source>
      <translation>核验(&amp;H)</translation>
    </message>
    <message>
      <source>Nothing checked yet.</source>
      <translation>尚未核验。</translation>
    </message>
    <message>
      <source>Record:</source>
      <translation>记录标识：</translation>
    </message>
    <message>
      <source>Request number:</source>
      <translation>需求编号：</translation>
    </message>
    <message>
      <source>Content hash:</source>
      <translation>内容哈希：</translation>
    </message>
    <message>
      <source>Findings:</source>
      <translation>核验说明：</translation>
    </message>
    <message>
      <source>Later amendments:</source>
      <translation>后续更正记录：</translation>
    </message>
    <message>
      <source>&amp;Open archived PDF</source>
      <translation>打开存档 PDF(&amp;O)</translation>
    </message>
    <message>
      <source>Show the record as it is kept in the archive, to compare the paper with it</source>
      <translation>显示档案中保存的记录，以便与纸质件比对</translation>
    </message>
    <message>
      <source>Choose the PDF to verify</source>
      <translation>选择要核验的 PDF</translation>
    </message>
    <message>
      <source>PDF documents (*.pdf);;All files (*)</source>
      <translation>PDF 文档 (*.pdf);;所有文件 (*)</translation>
    </message>
    <message>
      <source>File: %1</source>
      <translation>文件：%1</translation>
    </message>
    <message>
      <source>Paper copy, code: %1</source>
      <translation>纸质件，代码：%1</translation>
    </message>
    <message>
      <source>Checking…</source>
      <translation>正在核验…</translation>
    </message>
    <message>
      <source>The check could not be done: %1</source>
      <translation>无法完成核验：%1</translation>
    </message>
    <message>
      <source>Matches the archive</source>
      <translation>与档案一致</translation>
    </message>
    <message>
      <source>ALTERED: does not match the archive</source>
      <translation>已被改动：与档案不一致</translation>
    </message>
    <message>
      <source>Unknown record</source>
      <translation>未知记录</translation>
    </message>
    <message>
      <source>• %1, signed %2</source>
      <translation>• %1，于 %2 签字</translation>
    </message>
  </context>
  <context>
    <name>VisitDialog</name>
    <message>
      <source>Date and time of the visit</source>
      <translation>服务日期和时间</translation>
    </message>
    <message>
      <source>Place</source>
      <translation>服务地点</translation>
    </message>
    <message>
      <source>Where the visit was</source>
      <translation>现场服务的地点</translation>
    </message>
    <message>
      <source>Officers</source>
      <translation>服务人员</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Position</source>
      <translation>职务</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Add attendee</source>
      <translation>添加参加人员</translation>
    </message>
    <message>
      <source>Remove attendee</source>
      <translation>删除参加人员</translation>
    </message>
    <message>
      <source>Client attendees</source>
      <translation>服务对象参加人员</translation>
    </message>
    <message>
      <source>Action</source>
      <translation>事项</translation>
    </message>
    <message>
      <source>Owner</source>
      <translation>责任人</translation>
    </message>
    <message>
      <source>Due (optional)</source>
      <translation>完成期限（选填）</translation>
    </message>
    <message>
      <source>Add follow-up</source>
      <translation>添加后续事项</translation>
    </message>
    <message>
      <source>Remove follow-up</source>
      <translation>删除后续事项</translation>
    </message>
    <message>
      <source>Follow-ups</source>
      <translation>后续事项</translation>
    </message>
    <message>
      <source>What was done</source>
      <translation>服务内容</translation>
    </message>
    <message>
      <source>The service given on site, in full</source>
      <translation>现场提供的服务，请完整记录</translation>
    </message>
    <message>
      <source>Questions answered</source>
      <translation>解答的问题</translation>
    </message>
    <message>
      <source>The client's questions and the answers given</source>
      <translation>服务对象提出的问题及给予的解答</translation>
    </message>
    <message>
      <source>Information and documents collected</source>
      <translation>收集的信息和资料</translation>
    </message>
    <message>
      <source>One item per line</source>
      <translation>每行一项</translation>
    </message>
    <message>
      <source>Reason for the correction</source>
      <translation>更正原因</translation>
    </message>
    <message>
      <source>What was wrong in the signed record</source>
      <translation>已签字记录中的错误之处</translation>
    </message>
    <message>
      <source>Print &amp;form for pen signature…</source>
      <translation>打印手写签字记录表(&amp;F)…</translation>
    </message>
    <message>
      <source>Mark signed on &amp;paper…</source>
      <translation>登记纸质签字(&amp;P)…</translation>
    </message>
    <message>
      <source>&amp;Print…</source>
      <translation>打印(&amp;P)…</translation>
    </message>
    <message>
      <source>&amp;Correct (amendment)…</source>
      <translation>更正(&amp;C)…</translation>
    </message>
    <message>
      <source>Save &amp;draft</source>
      <translation>保存草稿(&amp;D)</translation>
    </message>
    <message>
      <source>Save the record as a draft (Ctrl+S)</source>
      <translation>将记录保存为草稿（Ctrl+S）</translation>
    </message>
    <message>
      <source>&amp;Sign…</source>
      <translation>签字(&amp;S)…</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>New record</source>
      <translation>新记录</translation>
    </message>
    <message>
      <source>Record %1</source>
      <translation>记录 %1</translation>
    </message>
    <message>
      <source>On-site service record</source>
      <translation>现场服务记录</translation>
    </message>
    <message>
      <source>Corrects record %1 of %2, signed %3. The original stays as it was.</source>
      <translation>本记录更正 %2 的记录 %1（%3 签字），原记录保持不变。</translation>
    </message>
    <message>
      <source>Locked %1 by %2: the record can no longer be changed; a correction is recorded as an amendment.</source>
      <translation>%2 于 %1 签字锁定：记录不能再修改；如需更正，须另建更正记录。</translation>
    </message>
    <message>
      <source>This record has been corrected: see the amendments below.</source>
      <translation>本记录已被更正：见下方的更正记录。</translation>
    </message>
    <message>
      <source>Write the date as YYYY-MM-DD.</source>
      <translation>请按 YYYY-MM-DD 格式填写日期。</translation>
    </message>
    <message>
      <source>Correct the record</source>
      <translation>更正记录</translation>
    </message>
    <message>
      <source>What is wrong in the signed record? The original stays as it was; the correction is a new record, signed again.</source>
      <translation>已签字的记录有哪些错误？原记录保持不变；更正内容作为一条新记录，须重新签字确认。</translation>
    </message>
    <message>
      <source>This on-site service record has unsaved input. Discard it?</source>
      <translation>该现场服务记录有未保存的内容，确定放弃吗？</translation>
    </message>
  </context>
  <context>
    <name>VisitLabels</name>
    <message>
      <source>Correction: %1</source>
      <translation>更正：%1</translation>
    </message>
    <message>
      <source>Attendee %1, %2</source>
      <translation>第 %1 位参加人员的%2</translation>
    </message>
    <message>
      <source>Follow-up %1, %2</source>
      <translation>第 %1 项后续事项的%2</translation>
    </message>
    <message>
      <source>Date and time</source>
      <translation>服务日期和时间</translation>
    </message>
    <message>
      <source>Place</source>
      <translation>服务地点</translation>
    </message>
    <message>
      <source>Officers</source>
      <translation>服务人员</translation>
    </message>
    <message>
      <source>Client attendees</source>
      <translation>服务对象参加人员</translation>
    </message>
    <message>
      <source>What was done</source>
      <translation>服务内容</translation>
    </message>
    <message>
      <source>Questions answered</source>
      <translation>解答的问题</translation>
    </message>
    <message>
      <source>Information and documents collected</source>
      <translation>收集的信息和资料</translation>
    </message>
    <message>
      <source>Follow-ups</source>
      <translation>后续事项</translation>
    </message>
    <message>
      <source>Reason for the correction</source>
      <translation>更正原因</translation>
    </message>
    <message>
      <source>name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>position</source>
      <translation>职务</translation>
    </message>
    <message>
      <source>phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>action</source>
      <translation>内容</translation>
    </message>
    <message>
      <source>owner</source>
      <translation>责任人</translation>
    </message>
    <message>
      <source>due date</source>
      <translation>完成期限</translation>
    </message>
    <message>
      <source>Client's name</source>
      <translation>服务对象签字人姓名</translation>
    </message>
    <message>
      <source>Officer's name</source>
      <translation>服务人员姓名</translation>
    </message>
    <message>
      <source>Client's signature</source>
      <translation>服务对象签字</translation>
    </message>
    <message>
      <source>Officer's signature</source>
      <translation>服务人员签字</translation>
    </message>
    <message>
      <source>Why the client declines to sign</source>
      <translation>服务对象拒绝签字的理由</translation>
    </message>
    <message>
      <source>Scan of the signed form</source>
      <translation>签字页扫描件</translation>
    </message>
  </context>
  <context>
    <name>VisitsPanel</name>
    <message>
      <source>On-site service records</source>
      <translation>现场服务记录</translation>
    </message>
    <message>
      <source>When</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Place</source>
      <translation>地点</translation>
    </message>
    <message>
      <source>Officers</source>
      <translation>服务人员</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>&amp;New visit record</source>
      <translation>新建现场服务记录(&amp;N)</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>打开</translation>
    </message>
    <message>
      <source>Sign…</source>
      <translation>签字…</translation>
    </message>
    <message>
      <source>Print…</source>
      <translation>打印…</translation>
    </message>
    <message>
      <source>Signed on paper…</source>
      <translation>纸质签字…</translation>
    </message>
    <message>
      <source>Attach the scan of the printed form signed by pen, and lock the record</source>
      <translation>添加已手写签字的打印记录表的扫描件，并锁定记录</translation>
    </message>
    <message>
      <source>Delete draft</source>
      <translation>删除草稿</translation>
    </message>
    <message>
      <source>Record %1</source>
      <translation>记录 %1</translation>
    </message>
    <message>
      <source>Content hash (SHA-256): %1</source>
      <translation>内容哈希（SHA-256）：%1</translation>
    </message>
    <message>
      <source>Visits are recorded only for requests the station works on (not escalated, withdrawn or archived).</source>
      <translation>只能为本站在办的服务需求记录现场服务（已上报市级平台、已撤回或已归档的除外）。</translation>
    </message>
    <message>
      <source>Delete the draft record of %1 at %2? This cannot be undone.</source>
      <translation>确定删除 %1 在 %2 的记录草稿吗？此操作不可撤销。</translation>
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
    <message>
      <source>The station cannot open</source>
      <translation>工作站无法打开</translation>
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
      <source>Date</source>
      <translation>日期</translation>
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
      <source>City platform address</source>
      <translation>市级平台地址</translation>
    </message>
    <message>
      <source>CA certificate file</source>
      <translation>CA 证书文件</translation>
    </message>
    <message>
      <source>Records per batch</source>
      <translation>每批记录数</translation>
    </message>
    <message>
      <source>Time zone</source>
      <translation>时区</translation>
    </message>
    <message>
      <source>Contact {n}: {field}</source>
      <translation>联系人 {n}：{field}</translation>
    </message>
  </context>
  <context>
    <name>institutions</name>
    <message>
      <source>Expired %1</source>
      <translation>%1 已过期</translation>
    </message>
    <message>
      <source>Expires %1</source>
      <translation>%1 到期</translation>
    </message>
    <message>
      <source>Valid until %1</source>
      <translation>有效期至 %1</translation>
    </message>
  </context>
  <context>
    <name>labels</name>
    <message>
      <source>en</source>
      <translation>zh_CN</translation>
    </message>
  </context>
  <context>
    <name>messages</name>
    <message>
      <source>The two passwords differ.</source>
      <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
      <source>A calendar file may have at most {count} lines.</source>
      <translation>节假日文件最多 {count} 行。</translation>
    </message>
    <message>
      <source>A chosen catalogue item has been retired; choose a current one.</source>
      <translation>所选服务事项已停用，请选择在用的服务事项。</translation>
    </message>
    <message>
      <source>A chosen catalogue item no longer exists.</source>
      <translation>所选服务事项已不存在。</translation>
    </message>
    <message>
      <source>A chosen service category does not exist.</source>
      <translation>所选服务类别不存在。</translation>
    </message>
    <message>
      <source>A closed plan cannot be changed.</source>
      <translation>已关闭的计划不能修改。</translation>
    </message>
    <message>
      <source>A closed rectification cannot be changed.</source>
      <translation>已办结的整改不能修改。</translation>
    </message>
    <message>
      <source>A complaint about yourself must be registered by a colleague.</source>
      <translation>针对本人的投诉须由其他同事登记。</translation>
    </message>
    <message>
      <source>A disposal list holds at most {count} records.</source>
      <translation>一份销毁清册最多包含 {count} 件档案。</translation>
    </message>
    <message>
      <source>A dissatisfied complainant is offered a review or a referral out before the complaint closes.</source>
      <translation>投诉人不满意的，办结前须先复核或转外部争议解决。</translation>
    </message>
    <message>
      <source>A draft is corrected by editing it; only a signed record takes an amendment.</source>
      <translation>草稿直接修改即可；只有已签字的记录才需另建更正记录。</translation>
    </message>
    <message>
      <source>A file changed or could not be read back while it was copied: {file}.</source>
      <translation>文件在复制过程中发生变化或无法读回：{file}。</translation>
    </message>
    <message>
      <source>A file has changed since it was stored: {what}.</source>
      <translation>文件自保存以来已被改动：{what}。</translation>
    </message>
    <message>
      <source>A file is missing: {what}.</source>
      <translation>文件缺失：{what}。</translation>
    </message>
    <message>
      <source>A file of the backup has changed: {file}.</source>
      <translation>备份中的文件已被改动：{file}。</translation>
    </message>
    <message>
      <source>A file of the backup is missing: {file}.</source>
      <translation>备份中的文件缺失：{file}。</translation>
    </message>
    <message>
      <source>A follow-up cannot be due before the visit.</source>
      <translation>后续事项的完成期限不能早于现场服务日期。</translation>
    </message>
    <message>
      <source>A later amendment exists: {uuid}, signed {at}.</source>
      <translation>存在后续更正记录：{uuid}，于 {at} 签字。</translation>
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
      <source>A record on the list is still within its retention period, or already on a list.</source>
      <translation>清册中有档案仍在保管期限内，或已列入其他清册。</translation>
    </message>
    <message>
      <source>A review must find the plan effective before it closes.</source>
      <translation>须经复查认定有效后才能关闭计划。</translation>
    </message>
    <message>
      <source>A row of {table} (rowid {rowid}) refers to a missing row of {parent}.</source>
      <translation>{table} 的一行（rowid {rowid}）引用了 {parent} 中不存在的行。</translation>
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
      <source>A weekend day is already a day off; only weekdays can be holidays.</source>
      <translation>周末本就是休息日，只有周一至周五可以设为法定节假日。</translation>
    </message>
    <message>
      <source>ALTERED: does not match its manifest or the station's records</source>
      <translation>已被改动：与清单或本站记录不符</translation>
    </message>
    <message>
      <source>ALTERED: does not match the archive</source>
      <translation>已被改动：与档案不一致</translation>
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
      <source>Added {n} demo complaints in {seconds} s.</source>
      <translation>已生成 {n} 件演示投诉，用时 {seconds} 秒。</translation>
    </message>
    <message>
      <source>Added {n} demo improvement plans in {seconds} s.</source>
      <translation>已生成 {n} 个演示改进计划，用时 {seconds} 秒。</translation>
    </message>
    <message>
      <source>Added {n} demo requests in {seconds} s.</source>
      <translation>已生成 {n} 条演示服务需求，用时 {seconds} 秒。</translation>
    </message>
    <message>
      <source>Added {n} signed demo visit records in {seconds} s.</source>
      <translation>已生成 {n} 条已签字的演示现场服务记录，用时 {seconds} 秒。</translation>
    </message>
    <message>
      <source>An Excel sheet holds at most 1,048,575 rows: narrow the list with a filter first.</source>
      <translation>Excel 工作表最多容纳 1,048,575 行，请先用筛选条件缩小范围。</translation>
    </message>
    <message>
      <source>An amendment of this record is already being written: finish or discard it first.</source>
      <translation>本记录已有一条正在填写的更正记录：请先完成或放弃该更正记录。</translation>
    </message>
    <message>
      <source>An anonymous complainant cannot be told; close the complaint once it is decided.</source>
      <translation>匿名投诉无法告知投诉人；形成处理意见后即可办结。</translation>
    </message>
    <message>
      <source>An anonymous complaint has no name.</source>
      <translation>匿名投诉不填写姓名。</translation>
    </message>
    <message>
      <source>An anonymous complaint has no phone.</source>
      <translation>匿名投诉不填写电话。</translation>
    </message>
    <message>
      <source>An enterprise needs its unified social credit code.</source>
      <translation>企业须填写统一社会信用代码。</translation>
    </message>
    <message>
      <source>An entry of {chain} was written outside the app (entry {entry} has no link in the chain).</source>
      <translation>{chain} 中有条目不是由本软件写入的（条目 {entry} 在哈希链中没有链接）。</translation>
    </message>
    <message>
      <source>Another backup to this folder is under way; try again when it has finished.</source>
      <translation>另一次备份正在写入该文件夹，请在其完成后再试。</translation>
    </message>
    <message>
      <source>Another client already has this unified social credit code.</source>
      <translation>已有其他服务对象使用该统一社会信用代码。</translation>
    </message>
    <message>
      <source>Another institution or expert already has this name.</source>
      <translation>已有同名的服务机构或专家。</translation>
    </message>
    <message>
      <source>Another sync of this station is running on this computer (the app or the scheduled task); this one did not start.</source>
      <translation>本机上已有本站的另一次同步正在进行（程序或计划任务），本次同步未启动。</translation>
    </message>
    <message>
      <source>At most {n} attendees.</source>
      <translation>参加人员最多 {n} 人。</translation>
    </message>
    <message>
      <source>At most {n} follow-ups.</source>
      <translation>后续事项最多 {n} 项。</translation>
    </message>
    <message>
      <source>At most {n} officers.</source>
      <translation>服务人员最多 {n} 人。</translation>
    </message>
    <message>
      <source>Back up to a folder outside the station's own folder (a USB drive or a network share): a copy beside the data is lost with it.</source>
      <translation>请备份到站点数据文件夹以外的位置（U 盘或网络共享）：与数据放在一起的副本会随数据一同丢失。</translation>
    </message>
    <message>
      <source>Backed up to {folder} ({files} files, {size} MB), verified.</source>
      <translation>已备份到 {folder}（{files} 个文件，{size} MB），已校验。</translation>
    </message>
    <message>
      <source>Between 1 and 60 working days.</source>
      <translation>应为 1 至 60 个工作日。</translation>
    </message>
    <message>
      <source>Choose a .pdf or an .xlsx file.</source>
      <translation>请选择 .pdf 或 .xlsx 文件。</translation>
    </message>
    <message>
      <source>Choose a .zip file.</source>
      <translation>请选择 .zip 文件。</translation>
    </message>
    <message>
      <source>Choose a district of Liuzhou.</source>
      <translation>请选择柳州市的区县。</translation>
    </message>
    <message>
      <source>Choose a field or phone return visit.</source>
      <translation>请选择实地回访或电话回访。</translation>
    </message>
    <message>
      <source>Choose a folder for the backups first (on the Backups page).</source>
      <translation>请先在“备份与恢复”页选择备份文件夹。</translation>
    </message>
    <message>
      <source>Choose a kind of record.</source>
      <translation>请选择档案类别。</translation>
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
      <source>Choose an .xlsx file.</source>
      <translation>请选择 .xlsx 文件。</translation>
    </message>
    <message>
      <source>Choose an .xlsx or .csv file.</source>
      <translation>请选择 .xlsx 或 .csv 文件。</translation>
    </message>
    <message>
      <source>Choose an active staff member.</source>
      <translation>请选择在岗工作人员。</translation>
    </message>
    <message>
      <source>Choose at least one service category it can provide.</source>
      <translation>请至少选择一个其可提供的服务类别。</translation>
    </message>
    <message>
      <source>Choose enterprise or person.</source>
      <translation>请选择企业或个人。</translation>
    </message>
    <message>
      <source>Choose holiday or make-up workday.</source>
      <translation>请选择法定节假日或调休上班日。</translation>
    </message>
    <message>
      <source>Choose how the complaint came in.</source>
      <translation>请选择投诉渠道。</translation>
    </message>
    <message>
      <source>Choose how the request came in.</source>
      <translation>请选择服务需求的来源渠道。</translation>
    </message>
    <message>
      <source>Choose institution, expert team or expert.</source>
      <translation>请选择服务机构、专家队伍或专家。</translation>
    </message>
    <message>
      <source>Choose the client who complains.</source>
      <translation>请选择投诉的服务对象。</translation>
    </message>
    <message>
      <source>Choose the client, or register a new one.</source>
      <translation>请选择服务对象，或新建登记。</translation>
    </message>
    <message>
      <source>Choose the institution or expert.</source>
      <translation>请选择服务机构或专家。</translation>
    </message>
    <message>
      <source>Choose the institution.</source>
      <translation>请选择服务机构。</translation>
    </message>
    <message>
      <source>Choose the severity.</source>
      <translation>请选择严重程度。</translation>
    </message>
    <message>
      <source>Choose the station's level.</source>
      <translation>请选择站点级别。</translation>
    </message>
    <message>
      <source>Choose the urgency.</source>
      <translation>请选择紧急程度。</translation>
    </message>
    <message>
      <source>Choose website, phone or SMS.</source>
      <translation>请选择网站、电话或短信。</translation>
    </message>
    <message>
      <source>Choose where the dispute goes.</source>
      <translation>请选择争议的去向。</translation>
    </message>
    <message>
      <source>Choose who does it.</source>
      <translation>请选择责任人。</translation>
    </message>
    <message>
      <source>Choose who evaluates.</source>
      <translation>请选择评价方式。</translation>
    </message>
    <message>
      <source>Classify the request under at least one catalogue item.</source>
      <translation>请为该服务需求至少选择一个服务事项。</translation>
    </message>
    <message>
      <source>Enrolled with the city platform as a device of {station}.</source>
      <translation>已在市级平台注册为 {station} 的设备。</translation>
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
      <source>Enter a whole number of working days from 0 to {max}.</source>
      <translation>请输入 0 至 {max} 之间的整数工作日数。</translation>
    </message>
    <message>
      <source>Enter an e-mail address such as zlfw@example.cn.</source>
      <translation>请输入电子邮箱地址，例如 zlfw@example.cn。</translation>
    </message>
    <message>
      <source>Enter the city platform's address, e.g. https://sync.example.cn</source>
      <translation>请输入市级平台地址，例如 https://sync.example.cn</translation>
    </message>
    <message>
      <source>Enter the date as a date cell or as YYYY-MM-DD.</source>
      <translation>日期请使用日期格式的单元格，或按 YYYY-MM-DD 填写。</translation>
    </message>
    <message>
      <source>Entries of {chain} were deleted (the chain's link for entry {entry} has no entry).</source>
      <translation>{chain} 中有条目被删除（哈希链中条目 {entry} 的链接已没有对应条目）。</translation>
    </message>
    <message>
      <source>Every action must be done before the plan closes.</source>
      <translation>所有措施完成后才能关闭计划。</translation>
    </message>
    <message>
      <source>Exported {n} clients to {file}.</source>
      <translation>已导出 {n} 个服务对象到 {file}。</translation>
    </message>
    <message>
      <source>Give a number of working days from 1 to 365.</source>
      <translation>请填写 1 至 365 个工作日。</translation>
    </message>
    <message>
      <source>Give a score from 1 to 5.</source>
      <translation>请打 1 至 5 分。</translation>
    </message>
    <message>
      <source>Give the day it is due.</source>
      <translation>请填写完成期限。</translation>
    </message>
    <message>
      <source>Give the day of the review.</source>
      <translation>请填写复查日期。</translation>
    </message>
    <message>
      <source>Give the whole path of a folder, for example E:\备份 or /media/usb/备份.</source>
      <translation>请填写文件夹的完整路径，例如 E:\备份 或 /media/usb/备份。</translation>
    </message>
    <message>
      <source>Interrupted: the program stopped during this sync.</source>
      <translation>已中断：同步过程中程序停止运行。</translation>
    </message>
    <message>
      <source>Keep between 1 and {n} backups.</source>
      <translation>保留份数应在 1 到 {n} 之间。</translation>
    </message>
    <message>
      <source>Line {line}: {reasons}</source>
      <translation>第 {line} 行：{reasons}</translation>
    </message>
    <message>
      <source>MATCHES its manifest and the station's records</source>
      <translation>一致：与清单及本站记录相符</translation>
    </message>
    <message>
      <source>MATCHES the archive</source>
      <translation>与档案一致</translation>
    </message>
    <message>
      <source>Make-up workdays fall on a weekend; a weekday is already a working day.</source>
      <translation>调休上班日须在周末，周一至周五本就是工作日。</translation>
    </message>
    <message>
      <source>Making demo complaints: {done} of {total}</source>
      <translation>正在生成演示投诉：{done}/{total}</translation>
    </message>
    <message>
      <source>Making demo requests: {done} of {total}</source>
      <translation>正在生成演示服务需求：{done}/{total}</translation>
    </message>
    <message>
      <source>Name at least one officer who made the visit.</source>
      <translation>请至少填写一名开展现场服务的服务人员。</translation>
    </message>
    <message>
      <source>Name the complaint or rectification the plan comes from.</source>
      <translation>请指明计划来源的投诉或整改。</translation>
    </message>
    <message>
      <source>No Chinese TrueType font was found on this computer, so documents use the built-in STSong-Light font, which is not embedded: other computers may show boxes. Install Microsoft YaHei or SimSun (Windows) or WenQuanYi Micro Hei (Linux: fonts-wqy-microhei).</source>
      <translation>本机未找到中文 TrueType 字体，文书将使用内置的 STSong-Light 字体，该字体不会嵌入文件，在其他电脑上可能显示为方框。请安装微软雅黑或宋体（Windows），或文泉驿微米黑（Linux：fonts-wqy-microhei）。</translation>
    </message>
    <message>
      <source>No active account {user}.</source>
      <translation>没有在用的账户 {user}。</translation>
    </message>
    <message>
      <source>No backup in {folder} verifies: every one is damaged or incomplete.</source>
      <translation>{folder} 中的备份均未通过校验：全部已损坏或不完整。</translation>
    </message>
    <message>
      <source>No complaint of this station has this code.</source>
      <translation>本站没有与此核验码对应的投诉。</translation>
    </message>
    <message>
      <source>No record with this identity is in this station's archive.</source>
      <translation>本站档案中没有该标识的记录。</translation>
    </message>
    <message>
      <source>No request has this number.</source>
      <translation>没有该编号的服务需求。</translation>
    </message>
    <message>
      <source>No such account.</source>
      <translation>账户不存在。</translation>
    </message>
    <message>
      <source>No such action.</source>
      <translation>没有这项措施。</translation>
    </message>
    <message>
      <source>No such archive file.</source>
      <translation>没有该档案案卷。</translation>
    </message>
    <message>
      <source>No such attachment.</source>
      <translation>附件不存在。</translation>
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
      <source>No such complaint.</source>
      <translation>没有该投诉。</translation>
    </message>
    <message>
      <source>No such disposal list.</source>
      <translation>没有该销毁清册。</translation>
    </message>
    <message>
      <source>No such improvement plan.</source>
      <translation>没有这个改进计划。</translation>
    </message>
    <message>
      <source>No such institution or expert.</source>
      <translation>服务机构或专家不存在。</translation>
    </message>
    <message>
      <source>No such kind of record.</source>
      <translation>没有该档案类别。</translation>
    </message>
    <message>
      <source>No such record in the outbox.</source>
      <translation>待发送队列中没有这条记录。</translation>
    </message>
    <message>
      <source>No such rectification.</source>
      <translation>没有这项整改。</translation>
    </message>
    <message>
      <source>No such request.</source>
      <translation>服务需求不存在。</translation>
    </message>
    <message>
      <source>No such visit record.</source>
      <translation>现场服务记录不存在。</translation>
    </message>
    <message>
      <source>No system keychain is available to keep this device's credential. Install or unlock the system's credential store (on Linux: the Secret Service, e.g. GNOME Keyring or KWallet).</source>
      <translation>没有可用的系统钥匙串来保存本机凭据。请安装或解锁系统的凭据存储（Linux 上为 Secret Service，例如 GNOME Keyring 或 KWallet）。</translation>
    </message>
    <message>
      <source>Not a known time zone: give its IANA name, for example Asia/Shanghai.</source>
      <translation>无法识别的时区：请填写 IANA 时区名称，例如 Asia/Shanghai（北京时间）。</translation>
    </message>
    <message>
      <source>Not strong enough yet: add another uncommon word or a few more characters.</source>
      <translation>密码强度还不够：请再加一个不常用的词，或再多加几个字符。</translation>
    </message>
    <message>
      <source>Nothing wrong found in {folder}.</source>
      <translation>{folder} 检查完毕，未发现问题。</translation>
    </message>
    <message>
      <source>Only a rectification recorded as done can be verified.</source>
      <translation>只有已记录整改的才能核验。</translation>
    </message>
    <message>
      <source>Only a set-aside record can be retried or dropped.</source>
      <translation>只有被搁置的记录才能重试或放弃。</translation>
    </message>
    <message>
      <source>Only a signed record is kept in the archive.</source>
      <translation>只有已签字的记录才会存档。</translation>
    </message>
    <message>
      <source>Only a station admin can change the city platform's settings.</source>
      <translation>只有站点管理员可以修改市级平台设置。</translation>
    </message>
    <message>
      <source>Only a station admin can retry or drop a set-aside record.</source>
      <translation>只有站点管理员可以重试或放弃被搁置的记录。</translation>
    </message>
    <message>
      <source>Only a station admin may do this.</source>
      <translation>只有站点管理员可以执行此操作。</translation>
    </message>
    <message>
      <source>Only a valid complaint is rectified.</source>
      <translation>只有有效投诉才需整改。</translation>
    </message>
    <message>
      <source>Only an archived request has an archive file.</source>
      <translation>只有已归档的服务需求才有档案案卷。</translation>
    </message>
    <message>
      <source>Only an ended complaint has an archive file.</source>
      <translation>只有已办结的投诉才有档案案卷。</translation>
    </message>
    <message>
      <source>Only an escalated request can receive the city's decision.</source>
      <translation>只有已上报市级平台的服务需求才能录入市级平台的决定。</translation>
    </message>
    <message>
      <source>Only an open rectification can be recorded as done.</source>
      <translation>只有待整改的才能记录整改。</translation>
    </message>
    <message>
      <source>Only its owner or an admin may add evidence.</source>
      <translation>只有责任人或管理员可以附加证据。</translation>
    </message>
    <message>
      <source>Only its owner or an admin may record an action done.</source>
      <translation>只有责任人或管理员可以记录措施完成。</translation>
    </message>
    <message>
      <source>Only its owner or an admin may record what was done.</source>
      <translation>只有责任人或管理员可以记录整改。</translation>
    </message>
    <message>
      <source>Password for {admin}: </source>
      <translation>{admin} 的密码：</translation>
    </message>
    <message>
      <source>Pulled: {pulled} decisions of the city, {applied} applied.</source>
      <translation>接收：市级平台处理意见 {pulled} 条，已记入 {applied} 条。</translation>
    </message>
    <message>
      <source>Pushed: {accepted} accepted, {already} already at the city, {aside} set aside; {remaining} still waiting.</source>
      <translation>发送：已接收 {accepted} 条，市级平台已有 {already} 条，被搁置 {aside} 条；仍待发送 {remaining} 条。</translation>
    </message>
    <message>
      <source>Record the outcome of the dispute resolution before closing.</source>
      <translation>办结前请先记录争议解决结果。</translation>
    </message>
    <message>
      <source>Record {uuid} (request {number})</source>
      <translation>记录 {uuid}（服务需求 {number}）</translation>
    </message>
    <message>
      <source>Records are kept at least {least} years after archiving (§7.6.3), and at most {most}.</source>
      <translation>档案自归档起至少保存 {least} 年（§7.6.3），最多 {most} 年。</translation>
    </message>
    <message>
      <source>Refused: {why}.</source>
      <translation>已拒绝：{why}。</translation>
    </message>
    <message>
      <source>Remove the invisible control character ({code}) from this text; it cannot be stored.</source>
      <translation>请删除文字中不可见的控制字符（{code}），此类字符无法保存。</translation>
    </message>
    <message>
      <source>Repeat the password: </source>
      <translation>再次输入密码：</translation>
    </message>
    <message>
      <source>Restore into a new, empty folder: {folder} is not empty (a station restored over another would mix their records).</source>
      <translation>请恢复到一个新的空文件夹：{folder} 不是空的（恢复到另一个站点之上会混淆两者的记录）。</translation>
    </message>
    <message>
      <source>Restored the backup of {made} into {folder} ({files} files).</source>
      <translation>已将 {made} 的备份恢复到 {folder}（{files} 个文件）。</translation>
    </message>
    <message>
      <source>Say how the client was told.</source>
      <translation>请选择告知服务对象的方式。</translation>
    </message>
    <message>
      <source>Say how the complainant was told.</source>
      <translation>请说明告知投诉人的方式。</translation>
    </message>
    <message>
      <source>Say how the complainant will be told.</source>
      <translation>请说明将如何告知投诉人。</translation>
    </message>
    <message>
      <source>Say what the complaint is about.</source>
      <translation>请说明投诉对象。</translation>
    </message>
    <message>
      <source>Say when the client was told.</source>
      <translation>请填写告知服务对象的时间。</translation>
    </message>
    <message>
      <source>Say when the complainant was told.</source>
      <translation>请说明告知投诉人的时间。</translation>
    </message>
    <message>
      <source>Say when the return visit took place.</source>
      <translation>请填写回访时间。</translation>
    </message>
    <message>
      <source>Say where to restore to: --data-dir, a new folder.</source>
      <translation>请用 --data-dir 指定恢复到的新文件夹。</translation>
    </message>
    <message>
      <source>Say whether it was effective.</source>
      <translation>请说明是否有效。</translation>
    </message>
    <message>
      <source>Say whether the client is satisfied now.</source>
      <translation>请说明客户现在是否满意。</translation>
    </message>
    <message>
      <source>Say whether the complainant is satisfied.</source>
      <translation>请说明投诉人是否满意。</translation>
    </message>
    <message>
      <source>Say whether the complaint is valid.</source>
      <translation>请认定是否为有效投诉。</translation>
    </message>
    <message>
      <source>Say whether the complaint may be valid.</source>
      <translation>请说明投诉是否可能有效。</translation>
    </message>
    <message>
      <source>Say who complains: a client, a person or no one known.</source>
      <translation>请说明投诉人：服务对象、个人或匿名。</translation>
    </message>
    <message>
      <source>Size must be 微型, 小型, 中型 or 大型.</source>
      <translation>规模须为 微型、小型、中型 或 大型。</translation>
    </message>
    <message>
      <source>Station data exists in two places: {roaming} (used by earlier versions) and {local}. Nothing was moved. Keep the folder of the station you use: move the other one somewhere else (or start with --data-dir to open it), then start again.</source>
      <translation>在两个位置都发现了工作站数据：{roaming}（旧版本使用的位置）和 {local}。系统未移动任何文件。请保留您正在使用的工作站所在的文件夹，将另一个文件夹移到别处（或用 --data-dir 参数指定并打开它），然后重新启动。</translation>
    </message>
    <message>
      <source>Station {code} {name} is set up; admin: {admin}.</source>
      <translation>站点 {code} {name} 已完成设置；管理员：{admin}。</translation>
    </message>
    <message>
      <source>Sync failed: {error}</source>
      <translation>同步失败：{error}</translation>
    </message>
    <message>
      <source>Tell the complainant the decision before closing.</source>
      <translation>办结前请先将处理意见告知投诉人。</translation>
    </message>
    <message>
      <source>That day is not in the calendar.</source>
      <translation>日历中没有该日期。</translation>
    </message>
    <message>
      <source>The CA bundle {file} cannot be used: {error}</source>
      <translation>无法使用 CA 证书文件 {file}：{error}</translation>
    </message>
    <message>
      <source>The CA certificate file does not exist.</source>
      <translation>CA 证书文件不存在。</translation>
    </message>
    <message>
      <source>The CSV file's character encoding was not recognised (neither UTF-8 nor GB18030/GBK): save it from Excel or WPS as "CSV UTF-8" or as an .xlsx workbook.</source>
      <translation>无法识别该 CSV 文件的字符编码（既不是 UTF-8，也不是 GB18030/GBK）：请在 Excel 或 WPS 中另存为“CSV UTF-8”或 .xlsx 工作簿。</translation>
    </message>
    <message>
      <source>The PDF does not carry the identity of a Quality Station record.</source>
      <translation>该 PDF 不含质量服务工作站记录的标识。</translation>
    </message>
    <message>
      <source>The PDF matches the archived record.</source>
      <translation>该 PDF 与存档记录一致。</translation>
    </message>
    <message>
      <source>The PDF's text differs from the archived record, first near: {text}</source>
      <translation>该 PDF 的文本与存档记录不一致，首处差异位于：{text}</translation>
    </message>
    <message>
      <source>The archived record no longer matches its own hash: the station's database was changed outside the app.</source>
      <translation>存档记录与其内容哈希已不一致：本站数据库曾在本软件之外被修改。</translation>
    </message>
    <message>
      <source>The attached file has been altered since it was attached.</source>
      <translation>该附件在添加后已被改动。</translation>
    </message>
    <message>
      <source>The attached file is missing from the data folder.</source>
      <translation>数据文件夹中找不到该附件。</translation>
    </message>
    <message>
      <source>The backup did not verify and was not kept.</source>
      <translation>备份未通过校验，未予保留。</translation>
    </message>
    <message>
      <source>The backup failed: {error}.</source>
      <translation>备份失败：{error}。</translation>
    </message>
    <message>
      <source>The batch size must be between 1 and 500.</source>
      <translation>每批记录数须在 1 至 500 之间。</translation>
    </message>
    <message>
      <source>The check character (the 18th) is wrong: the code was mistyped.</source>
      <translation>校验码（第 18 位）不正确，代码有误。</translation>
    </message>
    <message>
      <source>The chosen client no longer exists.</source>
      <translation>所选服务对象已不存在。</translation>
    </message>
    <message>
      <source>The chosen institution no longer exists.</source>
      <translation>所选服务机构已不存在。</translation>
    </message>
    <message>
      <source>The chosen request no longer exists.</source>
      <translation>所选服务需求已不存在。</translation>
    </message>
    <message>
      <source>The chosen service category no longer exists.</source>
      <translation>所选服务类别已不存在。</translation>
    </message>
    <message>
      <source>The chosen staff member is not (or no longer) active.</source>
      <translation>所选工作人员未启用（或已停用）。</translation>
    </message>
    <message>
      <source>The chosen staff member no longer exists.</source>
      <translation>所选工作人员已不存在。</translation>
    </message>
    <message>
      <source>The city platform cannot be reached: {error}</source>
      <translation>无法连接市级平台：{error}</translation>
    </message>
    <message>
      <source>The city platform did not accept this enrolment code (unknown, already used or expired): ask the city for a new one.</source>
      <translation>市级平台不接受此注册码（无效、已使用或已过期）：请向市级平台索取新的注册码。</translation>
    </message>
    <message>
      <source>The city platform did not answer in time ({error}).</source>
      <translation>市级平台未及时应答（{error}）。</translation>
    </message>
    <message>
      <source>The city platform found this station's history changed since the last sync ({chains}): run 'quality-station check'.</source>
      <translation>市级平台发现本站的历史记录自上次同步后被改动（{chains}）：请运行“quality-station check”。</translation>
    </message>
    <message>
      <source>The city platform had an error: {detail}</source>
      <translation>市级平台出错：{detail}</translation>
    </message>
    <message>
      <source>The city platform knows this computer as a device of another station: it can be enrolled again only with a code of that station. Ask the city platform's administrator.</source>
      <translation>市级平台已将这台电脑登记为其他站点的设备：只能用该站点的注册码重新注册。请联系市级平台管理员。</translation>
    </message>
    <message>
      <source>The city platform must be reached over https (http only on this computer).</source>
      <translation>必须通过 https 连接市级平台（仅本机上的平台可用 http）。</translation>
    </message>
    <message>
      <source>The city platform refused the request: {detail}</source>
      <translation>市级平台拒绝了请求：{detail}</translation>
    </message>
    <message>
      <source>The city platform refused this device's credential: {detail}</source>
      <translation>市级平台拒绝了本机凭据：{detail}</translation>
    </message>
    <message>
      <source>The city platform refused this station: {detail}</source>
      <translation>市级平台拒绝了本站：{detail}</translation>
    </message>
    <message>
      <source>The city platform's address is not set (City platform sync → City platform settings, or --hub-url).</source>
      <translation>尚未设置市级平台地址（市级平台同步 → 市级平台设置，或 --hub-url）。</translation>
    </message>
    <message>
      <source>The city platform's answer was not understood: {error}</source>
      <translation>无法理解市级平台的应答：{error}</translation>
    </message>
    <message>
      <source>The client cannot have been asked again before the rectification opened.</source>
      <translation>再次回访时间不能早于整改发起时间。</translation>
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
      <source>The code matches the archived record: compare the paper with the archived PDF.</source>
      <translation>代码与存档记录一致：请将纸质件与存档 PDF 逐项比对。</translation>
    </message>
    <message>
      <source>The code matches the complaint's records: the letter says what the station holds.</source>
      <translation>核验码与投诉记录一致：文书内容与本站记录相符。</translation>
    </message>
    <message>
      <source>The complaint's records give this letter another content: the paper is not what was issued.</source>
      <translation>投诉记录对应的文书内容与此不同：该纸质文书并非本站出具的原件。</translation>
    </message>
    <message>
      <source>The content hash in the PDF differs from the archived record's.</source>
      <translation>PDF 中的内容哈希与存档记录的不一致。</translation>
    </message>
    <message>
      <source>The current password is wrong.</source>
      <translation>当前密码不正确。</translation>
    </message>
    <message>
      <source>The database cannot be read: {error}.</source>
      <translation>无法读取数据库：{error}。</translation>
    </message>
    <message>
      <source>The database is damaged: {error}.</source>
      <translation>数据库已损坏：{error}。</translation>
    </message>
    <message>
      <source>The database is missing from the backup.</source>
      <translation>备份中缺少数据库。</translation>
    </message>
    <message>
      <source>The database lacks its {kind} {name}: the records it protects are not protected.</source>
      <translation>数据库缺少 {kind} {name}：它所保护的记录已失去保护。</translation>
    </message>
    <message>
      <source>The database of the backup cannot be read: {error}.</source>
      <translation>无法读取备份中的数据库：{error}。</translation>
    </message>
    <message>
      <source>The database of the backup has changed since it was written.</source>
      <translation>备份中的数据库自写入以来已被改动。</translation>
    </message>
    <message>
      <source>The database of the backup is damaged.</source>
      <translation>备份中的数据库已损坏。</translation>
    </message>
    <message>
      <source>The date cannot be in the future.</source>
      <translation>日期不能晚于今天。</translation>
    </message>
    <message>
      <source>The date is already on line {line}.</source>
      <translation>该日期已在第 {line} 行出现。</translation>
    </message>
    <message>
      <source>The day cannot be in the future.</source>
      <translation>日期不能晚于今天。</translation>
    </message>
    <message>
      <source>The deadline cannot be before today.</source>
      <translation>期限不能早于今天。</translation>
    </message>
    <message>
      <source>The due day cannot be in the past.</source>
      <translation>完成期限不能早于今天。</translation>
    </message>
    <message>
      <source>The end of validity cannot be before its start.</source>
      <translation>有效期至不能早于有效期起。</translation>
    </message>
    <message>
      <source>The file cannot be read as an Excel workbook.</source>
      <translation>无法作为 Excel 工作簿读取该文件。</translation>
    </message>
    <message>
      <source>The file cannot be read.</source>
      <translation>无法读取该文件。</translation>
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
      <source>The file is larger than 200 MB.</source>
      <translation>文件超过 200 MB。</translation>
    </message>
    <message>
      <source>The file is not a readable PDF.</source>
      <translation>该文件不是可读取的 PDF。</translation>
    </message>
    <message>
      <source>The file is not a readable zip archive ({error}).</source>
      <translation>该文件不是可读取的 zip 压缩包（{error}）。</translation>
    </message>
    <message>
      <source>The file is {size} MB, larger than any Quality Station record can be ({limit} MB): it is not one.</source>
      <translation>该文件大小为 {size} MB，超过了本系统任何记录可能的大小（{limit} MB），不可能是本系统的记录。</translation>
    </message>
    <message>
      <source>The file lists no days.</source>
      <translation>文件中没有任何日期。</translation>
    </message>
    <message>
      <source>The file {file} cannot be read.</source>
      <translation>无法读取文件 {file}。</translation>
    </message>
    <message>
      <source>The first line must hold the column headers 日期, 类型, 名称.</source>
      <translation>第一行须为列标题：日期、类型、名称。</translation>
    </message>
    <message>
      <source>The first line must hold the column headers, with at least 名称.</source>
      <translation>第一行须为列标题，至少包含“名称”。</translation>
    </message>
    <message>
      <source>The folder could not be written: {error}.</source>
      <translation>无法写入该文件夹：{error}。</translation>
    </message>
    <message>
      <source>The hash chains cannot be read: {error}.</source>
      <translation>无法读取哈希链：{error}。</translation>
    </message>
    <message>
      <source>The history in {chain} was altered at entry {entry}: that entry or its link no longer matches the chain.</source>
      <translation>{chain} 的历史记录在条目 {entry} 处被改动：该条目或其链接已与哈希链不符。</translation>
    </message>
    <message>
      <source>The kind must be 法定节假日 or 调休上班日.</source>
      <translation>类型须为“法定节假日”或“调休上班日”。</translation>
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
      <source>The period ends before it starts.</source>
      <translation>统计期间的结束日期早于开始日期。</translation>
    </message>
    <message>
      <source>The request has no such referral.</source>
      <translation>该服务需求没有此项转办。</translation>
    </message>
    <message>
      <source>The request is escalated to the city: the station cannot record visits for it.</source>
      <translation>该服务需求已上报市级平台，本站不能为其记录现场服务。</translation>
    </message>
    <message>
      <source>The scanned file cannot be read.</source>
      <translation>无法读取扫描件。</translation>
    </message>
    <message>
      <source>The signature data is damaged.</source>
      <translation>签字数据已损坏。</translation>
    </message>
    <message>
      <source>The signature is empty: sign on the pad.</source>
      <translation>尚未签字：请在签字板上签字。</translation>
    </message>
    <message>
      <source>The signature is too long: clear it and sign again.</source>
      <translation>签字笔画过多：请清除后重新签字。</translation>
    </message>
    <message>
      <source>The signed visit record {uuid} of request {number} no longer matches what was signed.</source>
      <translation>服务需求 {number} 的已签名现场服务记录 {uuid} 已与签名时的内容不符。</translation>
    </message>
    <message>
      <source>The signed visit records cannot be read: {error}.</source>
      <translation>无法读取已签名的现场服务记录：{error}。</translation>
    </message>
    <message>
      <source>The staff member a complaint is about cannot own its rectification.</source>
      <translation>被投诉的工作人员不能担任该整改的责任人。</translation>
    </message>
    <message>
      <source>The staff member complained about cannot investigate it.</source>
      <translation>被投诉的工作人员不能调查该投诉。</translation>
    </message>
    <message>
      <source>The station has not been set up.</source>
      <translation>站点尚未设置。</translation>
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
      <source>The station's data could not be moved from {roaming} to {local} ({error}). Nothing was lost: the data is still in {roaming}. Close any other program using it (an older version of this app, a backup tool) and start again.</source>
      <translation>无法将本站数据从 {roaming} 移到 {local}（{error}）。数据没有丢失，仍在 {roaming}。请关闭正在使用这些数据的其他程序（如旧版本的本软件、备份工具）后重新启动。</translation>
    </message>
    <message>
      <source>The station's database could not be upgraded from version {revision} to {head} ({error}); nothing half done was kept. Ask IT staff, or restore the station from its latest backup.</source>
      <translation>本站数据库无法从版本 {revision} 升级到 {head}（{error}）；未保留任何半途的修改。请联系信息技术人员，或用最近的备份恢复本站。</translation>
    </message>
    <message>
      <source>The station's database is damaged ({names} missing{detail}) and cannot be repaired automatically. Restore the station from its latest backup, or ask IT staff for help.</source>
      <translation>本站数据库已损坏（缺少 {names}{detail}），无法自动修复。请用最近的备份恢复本站数据，或联系信息技术人员处理。</translation>
    </message>
    <message>
      <source>The system keychain could not be read: {error}</source>
      <translation>无法读取系统钥匙串：{error}</translation>
    </message>
    <message>
      <source>The system keychain refused to keep the credential: {error}</source>
      <translation>系统钥匙串拒绝保存凭据：{error}</translation>
    </message>
    <message>
      <source>The visit cannot be in the future.</source>
      <translation>现场服务时间不能晚于当前时间。</translation>
    </message>
    <message>
      <source>The zip has no archive manifest.</source>
      <translation>该 zip 包中没有档案清单。</translation>
    </message>
    <message>
      <source>There are no clients to make requests for.</source>
      <translation>还没有服务对象，无法生成服务需求。</translation>
    </message>
    <message>
      <source>There is no backup in {folder}.</source>
      <translation>{folder} 中没有备份。</translation>
    </message>
    <message>
      <source>There is no station in {folder}.</source>
      <translation>{folder} 中没有站点数据。</translation>
    </message>
    <message>
      <source>There is nothing to dispose of.</source>
      <translation>没有需要销毁的档案。</translation>
    </message>
    <message>
      <source>This account is disabled. Ask the station admin.</source>
      <translation>该账户已停用，请联系站点管理员。</translation>
    </message>
    <message>
      <source>This action is already done.</source>
      <translation>这项措施已完成。</translation>
    </message>
    <message>
      <source>This backup is damaged or incomplete and cannot be restored; choose an earlier one.</source>
      <translation>该备份已损坏或不完整，无法恢复；请选择更早的备份。</translation>
    </message>
    <message>
      <source>This backup lists a file outside the station's folders: {file}.</source>
      <translation>该备份列出了站点文件夹以外的文件：{file}。</translation>
    </message>
    <message>
      <source>This cannot be done in the complaint's current state.</source>
      <translation>投诉当前状态下不能进行此操作。</translation>
    </message>
    <message>
      <source>This cannot be done in the request's current state.</source>
      <translation>该服务需求在当前状态下不能执行此操作。</translation>
    </message>
    <message>
      <source>This category already has an item with this title.</source>
      <translation>该类别下已有同名服务事项。</translation>
    </message>
    <message>
      <source>This complaint has been reviewed once already; refer it out or close it.</source>
      <translation>该投诉已复核过一次；请转外部争议解决或办结。</translation>
    </message>
    <message>
      <source>This complaint is closed and can no longer be changed.</source>
      <translation>该投诉已办结，不能再修改。</translation>
    </message>
    <message>
      <source>This device has no credential for the city platform yet: enrol it first.</source>
      <translation>本机尚无市级平台凭据：请先注册。</translation>
    </message>
    <message>
      <source>This device is not enrolled with the city platform yet: enrol it with the one-time code from the city (City platform sync → City platform settings, or --enrol CODE).</source>
      <translation>本机尚未在市级平台注册：请使用市级平台提供的一次性注册码注册（市级平台同步 → 市级平台设置，或 --enrol 注册码）。</translation>
    </message>
    <message>
      <source>This disposal list has been carried out or cancelled already.</source>
      <translation>该销毁清册已执行或已作废。</translation>
    </message>
    <message>
      <source>This enrolment code was made for another station than {station}.</source>
      <translation>此注册码是为其他站点（非 {station}）生成的。</translation>
    </message>
    <message>
      <source>This field is one line: remove the line break or tab.</source>
      <translation>此项只能填写一行：请删除换行符或制表符。</translation>
    </message>
    <message>
      <source>This field is required.</source>
      <translation>此项为必填项。</translation>
    </message>
    <message>
      <source>This institution is not (or no longer) in the registry.</source>
      <translation>该服务机构不在（或已不在）名录中。</translation>
    </message>
    <message>
      <source>This is not a complete backup: its manifest is missing or unreadable ({error}).</source>
      <translation>这不是一份完整的备份：其清单缺失或无法读取（{error}）。</translation>
    </message>
    <message>
      <source>This is not the code of a Quality Station record.</source>
      <translation>这不是质量服务工作站记录的代码。</translation>
    </message>
    <message>
      <source>This item is already retired.</source>
      <translation>该服务事项已停用。</translation>
    </message>
    <message>
      <source>This record has not been signed yet: there is nothing to compare with.</source>
      <translation>该记录尚未签字：没有可比对的存档内容。</translation>
    </message>
    <message>
      <source>This record is signed and can no longer be changed. Record a correction as an amendment.</source>
      <translation>该记录已签字，不能再修改。如需更正，请另建更正记录。</translation>
    </message>
    <message>
      <source>This request has been escalated to the city platform; only notes can be added until the city decides.</source>
      <translation>该服务需求已上报市级平台；在市级平台作出决定前，只能添加备注。</translation>
    </message>
    <message>
      <source>This request is closed and can no longer be changed.</source>
      <translation>该服务需求已归档或撤回，不能再修改。</translation>
    </message>
    <message>
      <source>This station has used all 9,999 complaint numbers of the day.</source>
      <translation>本站当天的 9,999 个投诉编号已用完。</translation>
    </message>
    <message>
      <source>This station has used all 9,999 request numbers of the day.</source>
      <translation>本站当日 9,999 个服务需求编号已全部用完。</translation>
    </message>
    <message>
      <source>This station is already set up.</source>
      <translation>本站已完成设置。</translation>
    </message>
    <message>
      <source>This station is not set up yet.</source>
      <translation>本站尚未设置。</translation>
    </message>
    <message>
      <source>This user name is taken.</source>
      <translation>该用户名已被使用。</translation>
    </message>
    <message>
      <source>Too easy to guess: a common password, a run of keys or digits, or a repeated character. Use three or four unrelated words with a number, for example “willow lamp 27 river”.</source>
      <translation>密码太容易被猜到：这是常见密码、连续的按键或数字，或重复的字符。建议用三四个互不相关的词（可用拼音）加一个数字，例如“liujiang denglong 27 chaye”。</translation>
    </message>
    <message>
      <source>Too easy to guess: it is made of your user name, your name or the station's name or code. Use unrelated words instead.</source>
      <translation>密码太容易被猜到：它由您的用户名、姓名或本站的名称、代码组成。请改用与这些无关的词语。</translation>
    </message>
    <message>
      <source>Too long: at most {n} characters.</source>
      <translation>内容过长：最多 {n} 个字符。</translation>
    </message>
    <message>
      <source>Too many catalogue items.</source>
      <translation>服务事项过多。</translation>
    </message>
    <message>
      <source>Too many contacts.</source>
      <translation>联系人过多。</translation>
    </message>
    <message>
      <source>Too many failed enrolment attempts reached the city platform from this computer or for this station. Wait about {minutes} minute(s), then enter the code again exactly as the city gave it.</source>
      <translation>这台电脑或本站点向市级平台注册失败的次数过多。请等待约 {minutes} 分钟，再按市级平台提供的注册码原样输入一次。</translation>
    </message>
    <message>
      <source>Too many qualifications.</source>
      <translation>资质过多。</translation>
    </message>
    <message>
      <source>UNKNOWN record</source>
      <translation>未知记录</translation>
    </message>
    <message>
      <source>UNKNOWN: not an archive bundle of this station</source>
      <translation>未知：不是本站的档案导出包</translation>
    </message>
    <message>
      <source>Unexpected error: {error}</source>
      <translation>意外错误：{error}</translation>
    </message>
    <message>
      <source>Unknown decision of the city platform.</source>
      <translation>未知的市级平台决定。</translation>
    </message>
    <message>
      <source>Unknown kind of source.</source>
      <translation>未知的来源类别。</translation>
    </message>
    <message>
      <source>Unknown stage.</source>
      <translation>未知环节。</translation>
    </message>
    <message>
      <source>Visits cannot be recorded for a withdrawn or archived request.</source>
      <translation>已撤回或已归档的服务需求不能记录现场服务。</translation>
    </message>
    <message>
      <source>Who complained cannot be changed; withdraw the complaint and register it again.</source>
      <translation>投诉人不能更改；请撤回该投诉后重新登记。</translation>
    </message>
    <message>
      <source>Wrong user name or password.</source>
      <translation>用户名或密码错误。</translation>
    </message>
    <message>
      <source>Wrote {file}.</source>
      <translation>已写入 {file}。</translation>
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
    <message>
      <source>a folder entry holds data: {name}</source>
      <translation>文件夹条目中含有数据：{name}</translation>
    </message>
    <message>
      <source>a member inflates {ratio} times: {name}</source>
      <translation>有文件解压后膨胀 {ratio} 倍：{name}</translation>
    </message>
    <message>
      <source>a name occurs twice in the zip: {name}</source>
      <translation>压缩包中有重复的文件名：{name}</translation>
    </message>
    <message>
      <source>cannot be read: {name}</source>
      <translation>无法读取：{name}</translation>
    </message>
    <message>
      <source>changed: {name}</source>
      <translation>已被改动：{name}</translation>
    </message>
    <message>
      <source>differs from the station's records: {number}</source>
      <translation>与本站记录不符：{number}</translation>
    </message>
    <message>
      <source>missing: {name}</source>
      <translation>缺失：{name}</translation>
    </message>
    <message>
      <source>not in the manifest: {name}</source>
      <translation>清单中没有：{name}</translation>
    </message>
    <message>
      <source>not the station's attachment: {name}</source>
      <translation>不是本站的附件：{name}</translation>
    </message>
    <message>
      <source>not the station's file: {name}</source>
      <translation>不是本站生成的案卷：{name}</translation>
    </message>
    <message>
      <source>not this station's bundle: its records cannot be compared here</source>
      <translation>不是本站的档案导出包：无法在此与本站记录比对</translation>
    </message>
    <message>
      <source>the zip has more than {count} members</source>
      <translation>压缩包中的文件超过 {count} 个</translation>
    </message>
    <message>
      <source>unknown record: {number}</source>
      <translation>未知记录：{number}</translation>
    </message>
    <message>
      <source>unsafe name in the zip: {name}</source>
      <translation>压缩包中有不安全的文件名：{name}</translation>
    </message>
    <message>
      <source>{count} attached files are missing on this computer and were not sent.</source>
      <translation>本机缺失 {count} 个附件，未能发送。</translation>
    </message>
    <message>
      <source>{count} records</source>
      <translation>{count} 条记录</translation>
    </message>
    <message>
      <source>{error} Ask the city for a new enrolment code.</source>
      <translation>{error} 请向市级平台索取新的注册码。</translation>
    </message>
    <message>
      <source>… and {count} more</source>
      <translation>……另有 {count} 项</translation>
    </message>
  </context>
  <context>
    <name>sync</name>
    <message>
      <source>The city does not take records of this kind.</source>
      <translation>市级平台不接收此类记录。</translation>
    </message>
    <message>
      <source>The record's identity is not valid.</source>
      <translation>记录的标识无效。</translation>
    </message>
    <message>
      <source>The record's version is not valid.</source>
      <translation>记录的版本号无效。</translation>
    </message>
    <message>
      <source>The record is too large for the city platform.</source>
      <translation>记录过大，市级平台无法接收。</translation>
    </message>
    <message>
      <source>The record was damaged: its content no longer matches its checksum.</source>
      <translation>记录已损坏：内容与其校验值不符。</translation>
    </message>
    <message>
      <source>The city platform does not accept a field of this record.</source>
      <translation>市级平台不接受此记录中的某个字段。</translation>
    </message>
    <message>
      <source>The record names another station than this device's.</source>
      <translation>记录所属站点与本机所属站点不同。</translation>
    </message>
    <message>
      <source>The city holds this record for another station.</source>
      <translation>市级平台已将此记录登记在其他站点名下。</translation>
    </message>
    <message>
      <source>The city already holds a different version of this record under the same number (another computer of the station sent it).</source>
      <translation>市级平台已有此记录同一版本号的不同内容（由本站另一台电脑发送）。</translation>
    </message>
    <message>
      <source>Request number</source>
      <translation>需求编号</translation>
    </message>
    <message>
      <source>Client</source>
      <translation>服务对象</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>City's answer</source>
      <translation>市级平台答复</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>Answered</source>
      <translation>答复时间</translation>
    </message>
    <message>
      <source>Started</source>
      <translation>开始时间</translation>
    </message>
    <message>
      <source>How</source>
      <translation>方式</translation>
    </message>
    <message>
      <source>Outcome</source>
      <translation>结果</translation>
    </message>
    <message>
      <source>Accepted</source>
      <translation>已接收</translation>
    </message>
    <message>
      <source>Already at the city</source>
      <translation>市级平台已有</translation>
    </message>
    <message>
      <source>Set aside</source>
      <translation>被搁置</translation>
    </message>
    <message>
      <source>Decisions received</source>
      <translation>收到处理意见</translation>
    </message>
    <message>
      <source>Sent</source>
      <translation>已发送</translation>
    </message>
    <message>
      <source>Message</source>
      <translation>消息</translation>
    </message>
    <message>
      <source>Ask the city for a new enrolment code and enrol this device again.</source>
      <translation>请向市级平台索取新的注册码并重新注册本机。</translation>
    </message>
    <message>
      <source>Unexpected error: {error}</source>
      <translation>意外错误：{error}</translation>
    </message>
  </context>
</TS>