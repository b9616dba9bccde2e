package cli

import (
	"strings"

	"github.com/labs-dev/labs/internal/cluster"
	"github.com/labs-dev/labs/internal/i18n"
)

// zh-TW of the commands' help: their Short and Long texts, their flags' usages and cobra's own
// help template (localizeHelp puts them in place; TestEveryHelpTextTranslated keeps them
// complete).
func init() {
	i18n.Register(map[string]string{
		// cobra's template and built-in flags
		"Usage:":                  "用法：",
		"Aliases:":                "別名：",
		"Examples:":               "範例：",
		"Available Commands:":     "可用的指令：",
		"Flags:":                  "旗標：",
		"Global Flags:":           "全域旗標：",
		"Additional help topics:": "其他說明主題：",
		"[command]":               "[指令]",
		"[flags]":                 "[旗標]",
		" (default %s)":           "（預設：%s）",
		"help for %s":             "顯示 %s 的說明",
		"version for %s":          "顯示 %s 的版本",
		"Help about any command":  "顯示任一指令的說明",
		"Help provides help for any command in the application.\nSimply type labs help [path to command] for full details.": "顯示任一指令的說明。\n輸入 labs help [指令路徑] 即可看到完整說明。",
		"Use \"%s [command] --help\" for more information about a command.":                                                 "執行「%s [指令] --help」可以看到某個指令的詳細說明。",

		// labs
		"Learn Kubernetes by doing, on a real cluster": "在真正的叢集上動手學 Kubernetes",
		"labs teaches Kubernetes by doing. It boots a real cluster (its own embedded one by default),\nwalks you through the steps of a lab, and checks every step against the live Kubernetes API.\n\nThe same binary is kubectl: run it as 'labs kubectl ...' or, inside 'labs shell', as 'kubectl'.": "labs 讓你動手學 Kubernetes。它會啟動一個真正的叢集（預設是它自己的內建叢集），\n帶你一步步完成實作練習，並對照運作中的 Kubernetes API 檢查每一個步驟。\n\n同一個執行檔也是 kubectl：用 `labs kubectl ...` 執行，或在 `labs shell` 裡直接用 `kubectl`。",

		"kubeconfig of the cluster to use with --cluster existing (default $KUBECONFIG, else ~/.kube/config)":  "搭配 --cluster existing 使用的叢集 kubeconfig（預設為 $KUBECONFIG，沒有的話是 ~/.kube/config）",
		"language of everything labs prints: en or zh-TW (default from the locale: LC_ALL, LC_MESSAGES, LANG)": "labs 所有輸出的語言：en 或 zh-TW（預設依語系設定：LC_ALL、LC_MESSAGES、LANG）",
		"disable colored output (also NO_COLOR)": "關閉彩色輸出（也可以設定 NO_COLOR）",
		"where labs keeps clusters and progress (default $LABS_STATE_DIR, else $XDG_STATE_HOME/labs, else ~/.local/state/labs)": "labs 存放叢集與進度的位置（預設為 $LABS_STATE_DIR，其次是 $XDG_STATE_HOME/labs，再其次是 ~/.local/state/labs）",
		"--version, --version=raw prints version information and quits; --version=vX.Y.Z... sets the reported version":          "--version、--version=raw 會印出版本資訊後結束；--version=vX.Y.Z... 會設定回報的版本",

		// answer
		"Answer a question step of a lab (from a second terminal, or before labs check)": "回答實作練習中的問題步驟（可在另一個終端機回答，或在 labs check 之前回答）",
		"Answer the question of a lab's step. The answer is saved with your progress in the current\nattempt: a running 'labs start' re-checks the step at once, and 'labs check' uses it. For a\nquestion with choices, give the choice's number or its value. Answering again replaces it.": "回答實作練習某個步驟的問題。答案會和你這一輪的進度一起儲存：執行中的 `labs start` 會立刻重新檢查\n這個步驟，`labs check` 也會用到它。有選項的問題，請回答選項的編號或選項的值。再回答一次會取代先前的答案。",
		"read labs from this directory (with scenarios/ and features/) instead of the built-in ones": "從這個目錄（含 scenarios/ 和 features/）讀取實作練習，而不是用內建的",

		// check
		"Check a lab's steps once and say what passes and what is wrong (exit 0 all pass, 1 some fail)": "檢查一次實作練習的步驟，說明哪些通過、哪裡不對（全部通過結束碼為 0，有未通過的為 1）",
		"Check a lab's steps once. Audit evidence (the requests kubectl sent) counts only within the\ncurrent attempt: from 'labs start' (the first time), 'labs reset', or a test or grading run. When\nthe lab has no attempt yet, 'labs check' begins one, so evidence counts from then on.\nQuestion steps are checked with the answers saved in the attempt ('labs answer', the\nwalkthrough) and, over them, those of --answers FILE (YAML: step-id: answer).": "檢查一次實作練習的步驟。稽核證據（kubectl 送出的請求）只在目前這一輪之內才算數：\n從 `labs start`（第一次）、`labs reset`，或一次測試、評分開始。實作練習還沒開始過時，\n`labs check` 會開始新的一輪，之後的證據才算數。\n問題步驟會用這一輪儲存的答案（`labs answer`、逐步導覽）檢查，\n--answers FILE 裡的答案（YAML：步驟 id: 答案）優先。",
		"a YAML file of answers to the lab's questions (step-id: answer), used over the saved ones": "實作練習問題的答案檔（YAML，步驟 id: 答案），優先於已儲存的答案",
		"output format: text or json": "輸出格式：text 或 json",
		"check only this step":        "只檢查這個步驟",
		"how long each check waits for its condition at most (also for steps that say within D)": "每項檢查最多等待條件成立多久（也適用於寫了 within D 的步驟）",
		"where your files are (default: the lab's work directory, as labs start printed it)":     "你的檔案所在的位置（預設是實作練習的工作目錄，就是 labs start 印出的那個）",

		// cluster
		"Manage the cluster labs runs on (up, down, delete, status, env)":   "管理 labs 使用的叢集（up、down、delete、status、env）",
		"Stop the cluster and delete all its data":                          "停止叢集並刪除它所有的資料",
		"Stop the cluster, keeping its data for the next 'up'":              "停止叢集，資料保留給下一次 up 使用",
		"Print shell exports for the cluster: eval \"$(labs cluster env)\"": "印出設定叢集用的 shell export：`eval \"$(labs cluster env)\"`",
		"Print shell exports for the cluster: KUBECONFIG, and PATH with the state dir's bin directory\nfirst, where this binary is both kubectl and labs (so no kubectl of another version is used).\nKUBECONFIG names the lab's own context first (--lab, else the lab a walkthrough runs, else the\none you worked on last), then the cluster's kubeconfig: a namespace set in that shell is the\nlab's only.": "印出設定叢集用的 shell export：KUBECONFIG，以及把狀態目錄的 bin 放在最前面的 PATH，\n那裡的這個執行檔同時是 kubectl 和 labs（所以不會用到其他版本的 kubectl）。\nKUBECONFIG 先列出實作練習自己的 context（--lab，沒有的話是逐步導覽正在進行的實作練習，\n再沒有就是你上次做的那一個），再列出叢集的 kubeconfig：在那個 shell 裡設定的命名空間\n只屬於這個實作練習。",
		"Show whether the cluster runs, where, and its nodes":                     "顯示叢集是否在執行、在哪裡執行，以及它的節點",
		"Start the cluster (or reuse the running one) and wait until it is ready": "啟動叢集（或沿用執行中的叢集），等到它就緒",
		"Start the cluster and wait until it can run pods. The embedded cluster runs as a background\nprocess that outlives this command; 'labs cluster down' stops it. With --foreground it stays\nattached to this terminal until Ctrl+C (for CI and debugging).": "啟動叢集，等到它可以執行 Pod。內建叢集以背景行程執行，這個指令結束後仍會繼續執行；\n`labs cluster down` 會停止它。加上 --foreground 時，它會留在這個終端機上直到按下 Ctrl+C\n（用於 CI 和除錯）。",
		"API server port on 127.0.0.1 (default: a free port, kept across restarts)": "API Server 在 127.0.0.1 上的連接埠（預設：一個空閒的連接埠，重新啟動後沿用）",
		"keep the cluster attached to this process until interrupted":               "讓叢集留在這個行程裡，直到被中斷",
		"how long to wait for the cluster to be ready":                              "等待叢集就緒的時間上限",

		// grade
		"Grade a student's submission on a fresh cluster: score, reasons, JUnit/JSON/Markdown, GitHub Classroom": "在全新的叢集上為學生的作業評分：分數、原因、JUnit／JSON／Markdown、GitHub Classroom",
		"Grade a submission of LAB on a fresh cluster (a throwaway embedded one by default). For each\nstep in order, its script runs (bash, KUBECONFIG set, this binary first on PATH as kubectl and\nlabs, in a copy of the submission, in a sandbox, with --step-timeout), then the step is\nchecked. Score = passed points / total (a step's \"points:\", default 1).\n\nThe sandbox (Linux namespaces): the script sees the system directories and the labs binary\nread-only, its copy of the submission, its kubeconfig and the nodes' static pod directories;\nnot the grader's files, environment, state or reports, nor other students. Nothing it starts\noutlives it. Where the kernel refuses namespaces the report says which isolation was used.\n\nA submission is a directory:\n  steps/<step-id>.sh   the commands of each step, run in order (labs grade LAB --init DIR\n                       writes an empty one per step)\n  run.sh               or one script for the whole lab, run before the steps are checked\n                       (every step's files are in place before it runs)\n  answers.yaml         the answers to the lab's question steps (step-id: answer; --init writes\n                       it with the questions as comments), else what the step's script prints\n                       last on stdout; a question without an answer fails its step\n  *.yaml ...           the manifests the scripts use\n\nSeveral --submission values, or --class DIR (each directory in DIR is one student), grade\neach student on a fresh cluster of its own (--parallel at once; --shard I/N grades every\nN-th, for a CI matrix), into one class table (--markdown, --csv); the reports are rewritten\nas each student finishes.\n\nReports: --junit, --json (schema: docs/report.schema.json), --markdown; the Markdown summary is\nappended to $GITHUB_STEP_SUMMARY when set, and result=<base64> for GitHub Classroom's grading\nreporter to $GITHUB_OUTPUT when set (or printed with --classroom), once every script has ended.\nExit 0 when every step passes, 1 when some fail, 2 for a broken lab, a usage error or a fault\nof the grader itself.": "在全新的叢集（預設是用完即丟的內建叢集）上為 LAB 的一份作業評分。依序對每個步驟執行它的\n腳本（bash，設定好 KUBECONFIG，PATH 最前面是這個執行檔，當作 kubectl 和 labs，在作業的副本裡、\n沙箱中執行，時間上限為 --step-timeout），再檢查這個步驟。\n分數 = 通過的點數 / 總點數（步驟的 `points:`，預設為 1）。\n\n沙箱（Linux 命名空間）：腳本看得到系統目錄和唯讀的 labs 執行檔、它自己的作業副本、它的\nkubeconfig 和節點的 static Pod 目錄；看不到評分者的檔案、環境變數、狀態或報告，也看不到\n其他學生的。它啟動的任何東西都不會在它結束後繼續執行。核心不允許使用命名空間時，報告會說明\n用了哪一種隔離方式。\n\n一份作業是一個目錄：\n  steps/<步驟 id>.sh   每個步驟的指令，依序執行（labs grade LAB --init DIR\n                       會為每個步驟寫一個空的）\n  run.sh               或整個實作練習只用一個腳本，在檢查步驟之前執行\n                       （它執行前，每個步驟的檔案都已就位）\n  answers.yaml         實作練習問題步驟的答案（步驟 id: 答案；--init 會把問題寫成註解），\n                       沒有的話，就用步驟腳本最後印到 stdout 的那一行；沒有答案的問題，\n                       它的步驟不通過\n  *.yaml ...           腳本用到的 manifest\n\n多個 --submission，或 --class DIR（DIR 裡的每個目錄是一位學生），會讓每位學生各自在全新的\n叢集上評分（同時評 --parallel 位；--shard I/N 每 N 位只評一位，用於 CI matrix），合成一張\n全班的表（--markdown、--csv）；每位學生評完時都會重寫報告。\n\n報告：--junit、--json（格式：docs/report.schema.json）、--markdown；設定了 $GITHUB_STEP_SUMMARY\n時會附上 Markdown 摘要，設定了 $GITHUB_OUTPUT 時會寫入給 GitHub Classroom 評分報告用的\nresult=<base64>（或用 --classroom 印出），都在每個腳本結束之後。\n全部步驟通過時結束碼為 0，有未通過的為 1，實作練習有錯誤、用法錯誤或評分程式本身出錯時為 2。",
		"a directory whose subdirectories are submissions, one per student":                              "一個目錄，裡面每個子目錄是一位學生的作業",
		"print the GitHub Classroom result line (result=<base64>) even without $GITHUB_OUTPUT":           "即使沒有 $GITHUB_OUTPUT 也印出 GitHub Classroom 的結果行（result=<base64>）",
		"write the class table as CSV to this file":                                                      "把全班的表以 CSV 寫入這個檔案",
		"write an empty submission for LAB into this directory and exit":                                 "在這個目錄寫入 LAB 的空白作業後結束",
		"write the JSON report to this file (an array of reports for several submissions)":               "把 JSON 報告寫入這個檔案（多份作業時是報告的陣列）",
		"write a JUnit XML report to this file":                                                          "把 JUnit XML 報告寫入這個檔案",
		"write a Markdown report (with a class table for several submissions) to this file":              "把 Markdown 報告（多份作業時附全班的表）寫入這個檔案",
		"time limit of each step's script":                                                               "每個步驟腳本的時間上限",
		"grade this many students at once, each on its own cluster (default: from the cores and memory)": "同時評分這麼多位學生，每位用自己的叢集（預設依 CPU 核心數和記憶體決定）",
		"I/N: grade only the I-th of N shards of the submissions (a CI matrix)":                          "I/N：只評分作業 N 份分片中的第 I 份（用於 CI matrix）",
		"the student's name in reports (default: the submission directory's name)":                       "報告中的學生姓名（預設是作業目錄的名稱）",
		"a submission directory (repeat for several students; default: the current directory)":           "作業目錄（多位學生就重複指定；預設是目前的目錄）",

		// kubectl, list, new, node
		"Run the kubectl built into labs (same version as the embedded cluster)": "執行 labs 內建的 kubectl（和內建叢集同一個版本）",
		"Run the kubectl built into labs. Without KUBECONFIG or --kubeconfig it talks to the cluster\nlabs manages (the one --cluster selects), so 'labs kubectl get pods' works in any shell, in the\ncontext of the lab you are doing (a walkthrough runs, else the last one): each lab has a context\nof its own.": "執行 labs 內建的 kubectl。沒有 KUBECONFIG 或 --kubeconfig 時，它會連到 labs 管理的叢集（--cluster 選的那個），\n所以在任何 shell 裡都能用 `labs kubectl get pods`，並使用你正在做的實作練習的 context\n（逐步導覽正在進行的，沒有的話是上一個）：每個實作練習都有自己的 context。",
		"List the labs in course order, their steps and your progress": "依課程順序列出實作練習、它們的步驟和你的進度",
		"List the labs in course order: each lab after its prerequisites; among those whose\nprerequisites are listed, the lowest order: first (labs without one after those with one),\nthen by id. A --labs-dir is listed by the same rule.": "依課程順序列出實作練習：每個實作練習排在它的先修之後；先修都已列出的實作練習中，order: 最小的\n排在前面（沒有 order 的排在有的之後），再依 id 排序。--labs-dir 也依同樣的規則列出。",
		"Write a new lab scaffold (scenarios/LAB.yaml, features/LAB.feature) that passes validate": "寫出一個能通過 validate 的新實作練習骨架（scenarios/LAB.yaml、features/LAB.feature）",
		"lab directory to write into":                                           "要寫入的實作練習目錄",
		"Run one node of the embedded cluster (started by the cluster process)": "執行內建叢集的一個節點（由叢集行程啟動）",
		"node name": "節點名稱",

		// reset
		"Delete what a lab created and begin a new attempt at it (your progress is forgotten)": "刪除實作練習建立的東西，開始新的一輪（你的進度會清除）",
		"Delete the lab's namespaces, labelled objects and static Pods (their manifests in the nodes'\nstatic pod directories), forget your progress and begin a new attempt:\nevidence from before the reset no longer counts. Files in the lab's own work directory are\nkept unless you say so: asked on a terminal, else --clear-files deletes them and --keep-files\nkeeps them without asking. A --work-dir of your own is never cleared.": "刪除實作練習的命名空間、加了標籤的物件和 static Pod（節點 static Pod 目錄裡的 manifest），\n清除你的進度並開始新的一輪：重設之前的證據不再算數。實作練習自己工作目錄裡的檔案會保留，\n除非你要刪除：在終端機上會詢問你，否則 --clear-files 會直接刪除，--keep-files 會直接保留。\n你自己用 --work-dir 指定的目錄永遠不會被清空。",
		"delete the files in the lab's work directory without asking": "不詢問，直接刪除實作練習工作目錄裡的檔案",
		"keep the files in the lab's work directory without asking":   "不詢問，直接保留實作練習工作目錄裡的檔案",

		// shell
		"Open your shell in a lab's work directory, with KUBECONFIG set and this binary first on PATH as kubectl and labs": "在實作練習的工作目錄開啟你的 shell，設定好 KUBECONFIG，PATH 最前面是這個執行檔，當作 kubectl 和 labs",
		"Open your shell with KUBECONFIG set and this binary first on PATH as both kubectl and labs.\nWith --lab (else the lab a walkthrough runs, else the one you worked on last) the shell starts in\nthat lab's work directory and its prompt shows the lab, the step and its latest verdict, e.g.\n(labs demo 2/4 ✗) $": "開啟你的 shell，設定好 KUBECONFIG，PATH 最前面是這個執行檔，同時當作 kubectl 和 labs。\n指定 --lab 時（沒有的話是逐步導覽正在進行的實作練習，再沒有就是你上次做的那一個），shell 會在\n那個實作練習的工作目錄啟動，提示字元會顯示實作練習、步驟和最新的檢查結果，例如\n(labs demo 2/4 ✗) $",
		"start in this lab's work directory, with its step in the prompt": "在這個實作練習的工作目錄啟動，提示字元顯示它的步驟",

		// start
		"Walk through a lab: each step turns green by itself when you have done it": "逐步完成實作練習：每個步驟在你做完時會自動變成綠色",
		"Start (or reuse) the cluster and walk through the lab's steps. The current step is re-checked\nwhenever the cluster or the files in the work directory change. Keys: h hint, s solution,\nc check now, n skip, p previous, q quit; on a question step, a types an answer and 1-9 pick a\nchoice. Progress is saved; 'labs start' resumes where you left.\nEach lab has its own work directory (under the state dir) unless --work-dir says otherwise.": "啟動（或沿用）叢集，逐步完成實作練習的步驟。叢集或工作目錄裡的檔案一有變化，就會重新檢查\n目前的步驟。按鍵：h 提示、s 解答、c 立即檢查、n 跳過、p 上一步、q 離開；在問題步驟中，\na 輸入答案，1-9 選擇選項。進度會儲存；再執行 `labs start` 會從上次離開的地方繼續。\n每個實作練習都有自己的工作目錄（在狀態目錄底下），除非用 --work-dir 另外指定。",
		"where you write your files (default: the lab's own directory under the state dir, printed on the first screen)": "你寫檔案的位置（預設是狀態目錄底下實作練習自己的目錄，第一個畫面會印出來）",

		// steps, test, validate, version
		"List every Gherkin step labs can check, with an example":                                   "列出 labs 能檢查的每一個 Gherkin 步驟，並附上範例",
		"Prove a lab's checks: each must fail before its reference solution runs and pass after it": "驗證實作練習的檢查：每一項都必須在參考解答執行前不通過、執行後通過",
		"For every step of each lab, in order: its checks must FAIL at once (a check that already\nholds teaches nothing), then the step's reference solution runs (bash, KUBECONFIG set, this\nbinary first on PATH as kubectl and labs, in a fresh work directory, in its own process group,\nwith a time limit), then the checks must PASS, waiting as the step says. A question step is\nanswered from its solution: the last non-empty line it prints on stdout is the answer.\n\nWith --cluster embedded (the default) the labs run on a fresh embedded cluster of their own,\ndeleted at the end; your own cluster and progress are not touched. With --cluster existing they\nrun on that cluster, each lab's objects deleted before and after it.\n\nEach step's declared mistakes (mistakes: in the scenario) run first, each from the state before\nthe step: the step must stay red (its reason containing the mistake's reason:, when given),\nthen the mistake's undo runs; then each alternative (alternatives:), which must pass the step,\nthen its undo; then the solution.\n\n--course plays the student: every built-in lab (or the labs given) in course order on ONE\ncluster, with ONE kubeconfig, and no reset between labs — what a learner who does the course\nfrom the start meets. A step that passes before its solution there passes for something the\nlearner did not do in it (state left by an earlier lab, say); so does a mistake that passes\nfrom the state the earlier labs left.\nExit 0 when every step of every lab passes, 1 when some fail, 2 for a broken lab or usage.": "依序對每個實作練習的每個步驟：它的檢查必須立刻不通過（一開始就成立的檢查什麼也沒教到），\n接著執行步驟的參考解答（bash，設定好 KUBECONFIG，PATH 最前面是這個執行檔，當作 kubectl 和 labs，\n在全新的工作目錄、自己的行程群組中執行，有時間上限），然後檢查必須通過，依步驟所說的時間等待。\n問題步驟的答案來自它的解答：解答印到 stdout 的最後一行非空白文字就是答案。\n\n使用 --cluster embedded（預設）時，實作練習在它們自己的全新內建叢集上執行，結束時刪除；\n不會動到你自己的叢集和進度。使用 --cluster existing 時，在那個叢集上執行，\n每個實作練習的物件會在它之前和之後刪除。\n\n每個步驟宣告的錯誤做法（情境裡的 mistakes:）會先執行，每一個都從這個步驟之前的狀態開始：\n步驟必須維持紅色（有寫錯誤做法的 reason: 時，步驟的原因要包含它），接著執行錯誤做法的 undo；\n然後是每個替代做法（alternatives:），它必須讓步驟通過，再執行它的 undo；最後才是解答。\n\n--course 扮演學生：所有內建的實作練習（或指定的實作練習）依課程順序在同一個叢集上、用同一個\nkubeconfig 執行，實作練習之間不重設——也就是從頭開始上這門課的學員會遇到的情況。在這種情況下，\n解答執行前就通過的步驟，是因為學員沒在這個步驟做的事而通過（例如先前實作練習留下的狀態）；\n從先前實作練習留下的狀態就通過的錯誤做法也一樣。\n全部實作練習的全部步驟都通過時結束碼為 0，有未通過的為 1，實作練習有錯誤或用法錯誤為 2。",
		"write a JUnit XML report (a testsuite per lab, a testcase per step) to this file":                                                              "把 JUnit XML 報告（每個實作練習一個 testsuite，每個步驟一個 testcase）寫入這個檔案",
		"time limit of each step's solution script":                                                                                                     "每個步驟解答腳本的時間上限",
		"play the student: the labs in course order on one cluster and one kubeconfig, no reset between labs; a step passing before its solution fails": "扮演學生：實作練習依課程順序在同一個叢集、同一個 kubeconfig 上執行，實作練習之間不重設；解答執行前就通過的步驟算不通過",
		"Check labs for mistakes (YAML schema, Gherkin, undefined steps, ids, hints, solutions, translations, questions); exit 2 when any":              "檢查實作練習有沒有錯誤（YAML 結構、Gherkin、未定義的步驟、id、提示、解答、翻譯、問題）；有錯誤時結束碼為 2",
		"Validate the labs under DIR (which holds scenarios/ and features/), or the built-in labs.\nEvery problem is printed as file:line: message; any problem makes labs exit with code 2.\nWarnings (file:line: warning: ...) do not: a step whose checks only look at existence, which an\nobject left by an earlier lab or attempt passes.": "驗證 DIR（含 scenarios/ 和 features/）底下的實作練習，或內建的實作練習。\n每個問題以「檔案:行號: 訊息」印出；有任何問題時，labs 的結束碼為 2。\n警告（檔案:行號: warning: ...）則不會：例如某個步驟的檢查只看物件是否存在，\n先前的實作練習或先前一輪留下的物件就能讓它通過。",
		"Print the labs version and the Kubernetes version it embeds": "印出 labs 的版本和它內建的 Kubernetes 版本",
	})
}

// The help texts composed from the cluster providers' registrations (--cluster, --kind-image):
// their zh-TW is composed the same way, from each provider's translated summary, so a provider
// added or a kind image bumped needs no new entry here, only its summary's. The providers
// register in their init functions, which run before this package's.
func init() {
	i18n.Register(map[string]string{
		"labs' own cluster, run by this binary":         "labs 自己的叢集，由這個執行檔執行",
		"labs' own cluster (Linux only)":                "labs 自己的叢集（僅限 Linux）",
		"the cluster of --kubeconfig, else $KUBECONFIG": "--kubeconfig 的叢集，沒有的話是 $KUBECONFIG 的叢集",
	})
	zh := i18n.New(i18n.ZH)
	var parts []string
	for _, r := range cluster.Registrations() {
		parts = append(parts, r.Name+"（"+zh.T(r.Summary)+"）")
	}
	i18n.Register(map[string]string{
		// root.go's --cluster usage
		cluster.FlagHelp() + " (default $" + EnvCluster + ", else " + cluster.DefaultName() + ")": "叢集來源：" + strings.Join(parts, "、") + "（預設為 $" + EnvCluster + "，沒有的話是 " + cluster.DefaultName() + "）",
	})
}
