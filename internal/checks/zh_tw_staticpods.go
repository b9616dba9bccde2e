package checks

import "github.com/labs-dev/labs/internal/i18n"

// The messages of the static Pod steps, of absences that must hold, of the steps scoped to
// the attempt and of the reasons that name where kubectl's requests went.
func init() {
	i18n.Register(map[string]string{
		"it was gone for a moment, then came back: %s": "它消失了一下，又回來了：%s",
		"expected no pod %[1]s in namespace %[2]s, but it exists (created %[3]s): it is the mirror of a static Pod of node %[4]s, which `kubectl delete` cannot remove for good (the kubelet re-creates it); remove its manifest from the node's static pod directory%[5]s": "預期命名空間 %[2]s 中沒有 Pod %[1]s，但它存在（建立於 %[3]s）：它是節點 %[4]s 上 static Pod 的 mirror Pod，`kubectl delete` 無法永久移除它（kubelet 會重新建立）；請從該節點的 static Pod 目錄移除它的 manifest%[5]s",
		"labs cannot read the nodes' static pod directories of this cluster, so it cannot tell which static Pods their kubelets run; use the embedded cluster":                                                                                                              "labs 無法讀取這個叢集節點的 static Pod 目錄，因此無法判斷 kubelet 執行了哪些 static Pod；請使用內建叢集",
		"cannot read the nodes' static pod directories: %v":                                                                                "無法讀取節點的 static Pod 目錄：%v",
		"cannot read the static pod directory %s of node %s: %v":                                                                           "無法讀取節點 %[2]s 的 static Pod 目錄 %[1]s：%[3]v",
		"this cluster has no node %s":                                                                                                      "這個叢集沒有節點 %s",
		"the static Pod %s is defined on node %s, not on %s: its manifest belongs in %s":                                                   "static Pod %[1]s 定義在節點 %[2]s 上，而不是 %[3]s：它的 manifest 應該放在 %[4]s",
		"no manifest in the static pod directory of node %s (%s) defines a Pod named %s; it has: %s":                                       "節點 %[1]s 的 static Pod 目錄（%[2]s）中沒有任何 manifest 定義名為 %[3]s 的 Pod；裡面有：%[4]s",
		"no manifest in the static pod directory of node %s (%s) defines a Pod named %s (a Pod manifest with metadata.name %s goes there)": "節點 %[1]s 的 static Pod 目錄（%[2]s）中沒有任何 manifest 定義名為 %[3]s 的 Pod（請在那裡放一份 metadata.name 為 %[4]s 的 Pod manifest）",
		"the manifest %s on node %s still defines the static Pod %s: its kubelet runs it, and re-creates its mirror Pod, as long as the file is there (`kubectl delete pod` removes only the mirror); remove the file":       "節點 %[2]s 上的 manifest %[1]s 仍然定義著 static Pod %[3]s：只要檔案還在，kubelet 就會執行它，並重新建立它的 mirror Pod（`kubectl delete pod` 只會移除 mirror Pod）；請移除那個檔案",
		"its mirror Pod %s is still in namespace %s: the kubelet has not stopped the static Pod yet":                                                                                                                         "它的 mirror Pod %s 仍在命名空間 %s 中：kubelet 還沒有停止這個 static Pod",
		"the static Pod %s did not stop on node %s since this step began (its kubelet recorded no Killing event for %s): there was nothing running to remove; write its manifest into the node's static pod directory first": "從這個步驟開始以來，static Pod %[1]s 沒有在節點 %[2]s 上停止過（kubelet 沒有為 %[3]s 記錄 Killing 事件）：沒有正在執行的東西可以移除；請先把它的 manifest 寫進節點的 static Pod 目錄",
		"%s %s exists, but it was created at %s, before this step began (%s): it is left over from earlier, not made now; delete it and make it again":                                                                       "%[1]s %[2]s 存在，但它建立於 %[3]s，早於這個步驟開始的時間（%[4]s）：它是之前留下的，不是現在做的；請刪除它再重新建立",
		"%s %s exists, but kubectl has not created or changed it since this step began (%s): what is there was made earlier":                                                                                                 "%[1]s %[2]s 存在，但從這個步驟開始（%[3]s）以來，kubectl 沒有建立或修改過它：現有的是之前做的",
		"kubectl sent no delete for %s %s in namespace %s%s":                                     "kubectl 沒有刪除命名空間 %[3]s 中的 %[1]s %[2]s%[4]s",
		"expected %s %s in namespace %s, but namespace %s does not exist%s":                      "預期命名空間 %[3]s 中有 %[1]s %[2]s，但命名空間 %[4]s 不存在%[5]s",
		": there is one in namespace %s":                                                         "：命名空間 %s 中有一個",
		"expected %s %s in namespace %s, but there is none%s":                                    "預期命名空間 %[3]s 中有 %[1]s %[2]s，但沒有找到%[4]s",
		"expected %s %s in namespace %s, but there is none; found: %s (%s: a typo in the name?)": "預期命名空間 %[3]s 中有 %[1]s %[2]s，但沒有找到；現有的是：%[4]s（%[5]s：名稱打錯了嗎？）",
		": kubectl used the namespace %[1]s from your context (it sent its request for %[2]s there); add `-n %[3]s`, or make %[3]s the context's namespace": "：kubectl 使用了你 context 中的命名空間 %[1]s（它把 %[2]s 的請求送到那裡）；請加上 `-n %[3]s`，或把 %[3]s 設為 context 的命名空間",
		": kubectl sent its request for %[1]s to namespace %[2]s, not %[3]s":                                                                                "：kubectl 把 %[1]s 的請求送到命名空間 %[2]s，而不是 %[3]s",
	})
}
