/**
 * The words of the host's notifications, prompts and titles, in English and Korean. They follow
 * the explanation language (`rnnLab.explanationLanguage`, else VS Code's display language), like
 * the hovers. The manifest's words are in `package.nls*.json`. Free of `vscode`.
 */
import type { Lang } from '../explain';

export interface HostText {
  untrusted: string;
  manageTrust: string;
  noSpec: string;
  newSpec: string;
  specHasErrors: (file: string, count: number) => string;
  showProblems: string;
  notTraining: string;
  inspectPrompt: string;
  inspectPlaceholder: string;
  noCheckpoint: string;
  exportTitle: string;
  exportLabel: string;
  exported: (folder: string, files: string[]) => string;
  importTitle: string;
  importFailed: (reason: string) => string;
  imported: (file: string, cell: string, layers: number, hidden: number) => string;
  pytorchSourceTitle: string;
  pytorchNewestRun: string;
  pytorchRunDetail: (epoch: number, accuracy?: string) => string;
  pytorchInitial: string;
  pytorchInitialDetail: (seed: number) => string;
  pytorchFolderTitle: string;
  pytorchNewFolder: (folder: string) => string;
  pytorchNewFolderDetail: string;
  pytorchChooseFolder: string;
  pytorchFolderDialog: string;
  pytorchFolderLabel: string;
  pytorchFolderRefused: (folder: string, reason: string) => string;
  pytorchExporting: string;
  pytorchWhatRun: (runId: string, epoch: number) => string;
  pytorchWhatInitial: (name: string, seed: number) => string;
  pytorchExported: (what: string, folder: string, files: number) => string;
  pytorchRefused: (reason: string) => string;
  pytorchNoSpecForRun: (runId: string, name: string) => string;
  openReadme: string;
  reveal: string;
  importing: string;
  importedRun: (file: string, name: string, epoch: number, runId: string) => string;
  importedNoEvents: string;
  importOtherSpec: (file: string, theirs: string, ours: string, differences: string) => string;
  pickTask: string;
  specNamePrompt: string;
  specNameTaken: (file: string) => string;
  specNameEmpty: string;
  specWritten: (file: string) => string;
  noWorkspace: string;
  labTitle: (file?: string) => string;
  checking: string;
  openingLab: string;
  training: (name: string) => string;
  comparing: string;
  bottleneck: string;
  finished: (what: string) => string;
  failed: (what: string, reason: string) => string;
  statusTooltip: string;
  epoch: string;
  loss: string;
  openLab: string;
  train: string;
  compare: string;
  inspect: (input: string) => string;
  saveFileTitle: string;
  savedFile: (file: string) => string;
  runFolderRecovered: (run: string, what: string) => string;
  exampleMissing: (name: string) => string;
  labClosed: string;
  bottleneckNeedsSeq2seq: (architecture: string) => string;
  compareSummary: (parts: string[]) => string;
  accuracy: string;
  labNotReady: string;
  noRun: (runId: string) => string;
  openFolderToTrain: string;
  runUnreadable: (runId: string) => string;
  sweeping: (name: string) => string;
  sweepLens: string;
  noSweep: (file: string) => string;
  sweepSummary: (finished: number, planned: number, folder: string | undefined) => string;
  noSweepFolder: (sweepId: string) => string;
  switchWhileTraining: (current: string, next: string) => string;
  switchSpec: string;
  quickFix: (replacement: string) => string;
  /** The side bar's views, titled in the explanation language (the manifest's follow VS Code's). */
  specsViewTitle: string;
  runsViewTitle: string;
}

const EN: HostText = {
  untrusted:
    'RNN Lab reads data files and trains models only in a trusted workspace. Hovers and spec ' +
    'checks work without trust.',
  manageTrust: 'Manage Workspace Trust',
  noSpec: 'Open a task spec (*.rnnlab.json) first, or create one.',
  newSpec: 'New Task Spec…',
  specHasErrors: (file, count) =>
    `${file} has ${count} problem${count === 1 ? '' : 's'} to fix first (see the Problems panel).`,
  showProblems: 'Show Problems',
  notTraining: 'Nothing is training.',
  inspectPrompt: 'A sequence to inspect step by step (hidden state, gates, attention)',
  inspectPlaceholder: 'e.g. abcdefg',
  noCheckpoint:
    'No trained run with a checkpoint in this workspace yet: train a spec first (RNN Lab: Train).',
  exportTitle: 'Export the model to a new folder',
  exportLabel: 'Export',
  exported: (folder, files) => `Exported ${files.join(', ')} to ${folder}.`,
  importTitle: 'Import weights: an exported project’s weights.json, or one recurrent layer (JSON)',
  importFailed: (reason) => `These PyTorch weights cannot be imported: ${reason}`,
  imported: (file, cell, layers, hidden) =>
    `Imported ${file}: ${cell.toUpperCase()}, ${layers} layer${layers === 1 ? '' : 's'} of ${hidden} units.`,
  pytorchSourceTitle: 'Which weights should the PyTorch project start from?',
  pytorchNewestRun: 'newest run of this spec',
  pytorchRunDetail: (epoch, accuracy) =>
    `trained ${epoch} epoch${epoch === 1 ? '' : 's'}${accuracy ? `, test accuracy ${accuracy}` : ''}`,
  pytorchInitial: 'Initial weights (untrained)',
  pytorchInitialDetail: (seed) =>
    `the spec's seeded start, as the lab begins training (seed ${seed})`,
  pytorchFolderTitle: 'Where should the PyTorch project go? (a new or empty folder)',
  pytorchNewFolder: (folder) => `New folder ${folder}`,
  pytorchNewFolderDetail: 'beside the spec',
  pytorchChooseFolder: 'Choose a folder…',
  pytorchFolderDialog: 'An empty folder for the PyTorch project',
  pytorchFolderLabel: 'Export Here',
  pytorchFolderRefused: (folder, reason) =>
    `${folder} cannot take the project: ${reason}. Nothing was written.`,
  pytorchExporting: 'RNN Lab: exporting to PyTorch…',
  pytorchWhatRun: (runId, epoch) => `run ${runId} (epoch ${epoch})`,
  pytorchWhatInitial: (name, seed) => `the initial weights of ${name} (seed ${seed})`,
  pytorchExported: (what, folder, files) =>
    `Exported ${what} to ${folder} (${files} files). Next, in that folder: python3 train.py --check, then python3 train.py or torchrun.`,
  pytorchRefused: (reason) => `Not exported to PyTorch: ${reason}`,
  pytorchNoSpecForRun: (runId, name) =>
    `Run ${runId} is of the spec "${name}", which no *.rnnlab.json of this workspace declares: its data cannot be read again. Export it with the CLI: rnnlab export <run folder> --to pytorch --out DIR.`,
  openReadme: 'Open README',
  reveal: 'Reveal',
  importing: 'RNN Lab: importing weights…',
  importedRun: (file, name, epoch, runId) =>
    `Imported ${file} (${name}, epoch ${epoch}) as run ${runId}: the lab shows it.`,
  importedNoEvents:
    'No metrics.jsonl of this training beside the weights: the run has no curves, only its weights.',
  importOtherSpec: (file, theirs, ours, differences) =>
    `${file} holds a model of the spec "${theirs}", not of "${ours}" (they differ in ${differences}). Open the spec it was exported from, or import it with no spec open.`,
  pickTask: 'Which sequence task should the new spec learn?',
  specNamePrompt: 'Name of the new spec (the file is <name>.rnnlab.json)',
  specNameTaken: (file) => `${file} already exists: choose another name`,
  specNameEmpty: 'Type a name with a letter or digit, e.g. my-reverse',
  specWritten: (file) => `Wrote ${file}: hover any key for an explanation, then Train.`,
  noWorkspace: 'Open a folder first: specs, data and runs live in the workspace.',
  labTitle: (file) => (file ? `RNN Lab: ${file}` : 'RNN Lab'),
  checking: 'RNN Lab: checking the spec and its data…',
  openingLab: 'RNN Lab: opening the lab…',
  training: (name) => `RNN Lab: training ${name}`,
  comparing: 'RNN Lab: comparing RNN, LSTM and GRU',
  bottleneck: 'RNN Lab: bottleneck experiment (Seq2Seq without and with attention)',
  finished: (what) => `${what}: finished.`,
  failed: (what, reason) => `${what} failed: ${reason}`,
  statusTooltip: 'RNN Lab training: click to show the lab',
  epoch: 'epoch',
  loss: 'loss',
  openLab: 'Open Lab',
  train: 'Train',
  compare: 'Compare cells',
  inspect: (input) => `Inspect ${input}`,
  saveFileTitle: 'Save',
  savedFile: (file) => `Saved ${file}.`,
  runFolderRecovered: (run, what) => `Run ${run} was recovered after an interruption: ${what}.`,
  exampleMissing: (name) => `The example ${name} is not part of this installation.`,
  labClosed: 'The lab was closed.',
  bottleneckNeedsSeq2seq: (architecture) =>
    `The bottleneck experiment compares Seq2Seq with and without attention; this spec is ${architecture}. ` +
    'Try copy, reverse or sort (the walkthrough has one).',
  compareSummary: (parts) => `Compared: ${parts.join(' · ')}.`,
  accuracy: 'accuracy',
  labNotReady:
    'The lab did not answer in time. See "RNN Lab: Show Log", then try again or reload the window.',
  noRun: (runId) => `There is no run "${runId}" in this workspace any more.`,
  openFolderToTrain: 'Opened the example. To train it, open a folder: runs are saved there.',
  runUnreadable: (runId) =>
    `Run ${runId} has no readable spec.json (it was cut short), so the lab cannot load its model.`,
  sweeping: (name) => `RNN Lab: sweep of ${name}`,
  sweepLens: 'Run sweep',
  noSweep: (file) =>
    `${file} has no "sweep": add one, e.g. "sweep": { "over": { "model.cell": ["rnn", "lstm", "gru"] }, "seeds": 3 }.`,
  sweepSummary: (finished, planned, folder) =>
    `Sweep: ${finished} of ${planned} trainings finished${folder ? `, saved in ${folder}` : ''}.`,
  noSweepFolder: (sweepId) => `There is no readable sweep "${sweepId}" in this workspace any more.`,
  switchWhileTraining: (current, next) =>
    `The lab is training ${current}. Stop that training and open the lab on ${next}?`,
  switchSpec: 'Stop and Switch',
  quickFix: (replacement) => `Change to ${replacement}`,
  specsViewTitle: 'Specs',
  runsViewTitle: 'Runs',
};

const KO: HostText = {
  untrusted:
    'RNN Lab은 신뢰할 수 있는 작업 영역에서만 데이터 파일을 읽고 모델을 학습합니다. 호버와 스펙 ' +
    '검사는 신뢰 없이도 동작합니다.',
  manageTrust: '작업 영역 신뢰 관리',
  noSpec: '먼저 태스크 스펙(*.rnnlab.json)을 열거나 새로 만드세요.',
  newSpec: '새 태스크 스펙…',
  specHasErrors: (file, count) =>
    `${file}에 먼저 고쳐야 할 문제가 ${count}개 있습니다(문제 패널 참고).`,
  showProblems: '문제 보기',
  notTraining: '학습 중인 모델이 없습니다.',
  inspectPrompt: '단계별로 살펴볼 시퀀스(은닉 상태, 게이트, 어텐션)',
  inspectPlaceholder: '예: abcdefg',
  noCheckpoint:
    '이 작업 영역에 체크포인트가 있는 학습 실행이 아직 없습니다. 먼저 스펙을 학습하세요(RNN Lab: Train).',
  exportTitle: '모델을 새 폴더로 내보내기',
  exportLabel: '내보내기',
  exported: (folder, files) => `${files.join(', ')}을(를) ${folder}로 내보냈습니다.`,
  importTitle: '가중치 가져오기: 내보낸 프로젝트의 weights.json 또는 순환 층 하나(JSON)',
  importFailed: (reason) => `이 PyTorch 가중치를 가져올 수 없습니다: ${reason}`,
  imported: (file, cell, layers, hidden) =>
    `${file}을(를) 가져왔습니다: ${cell.toUpperCase()}, ${hidden}개 유닛 ${layers}층.`,
  pytorchSourceTitle: 'PyTorch 프로젝트가 어떤 가중치에서 시작할까요?',
  pytorchNewestRun: '이 스펙의 최신 실행',
  pytorchRunDetail: (epoch, accuracy) =>
    `${epoch}에폭 학습${accuracy ? `, 테스트 정확도 ${accuracy}` : ''}`,
  pytorchInitial: '초기 가중치(학습 전)',
  pytorchInitialDetail: (seed) =>
    `랩이 학습을 시작할 때와 같은, 시드로 정해진 시작점(시드 ${seed})`,
  pytorchFolderTitle: 'PyTorch 프로젝트를 어디에 둘까요? (새 폴더나 빈 폴더)',
  pytorchNewFolder: (folder) => `새 폴더 ${folder}`,
  pytorchNewFolderDetail: '스펙 옆',
  pytorchChooseFolder: '폴더 고르기…',
  pytorchFolderDialog: 'PyTorch 프로젝트를 둘 빈 폴더',
  pytorchFolderLabel: '여기로 내보내기',
  pytorchFolderRefused: (folder, reason) =>
    `${folder}에는 프로젝트를 쓸 수 없습니다: ${reason}. 아무것도 쓰지 않았습니다.`,
  pytorchExporting: 'RNN Lab: PyTorch로 내보내는 중…',
  pytorchWhatRun: (runId, epoch) => `실행 ${runId}(${epoch}에폭)`,
  pytorchWhatInitial: (name, seed) => `${name}의 초기 가중치(시드 ${seed})`,
  pytorchExported: (what, folder, files) =>
    `${what}을(를) ${folder}로 내보냈습니다(파일 ${files}개). 그 폴더에서 python3 train.py --check를 실행한 뒤 python3 train.py나 torchrun으로 학습하세요.`,
  pytorchRefused: (reason) => `PyTorch로 내보내지 않았습니다: ${reason}`,
  pytorchNoSpecForRun: (runId, name) =>
    `실행 ${runId}은(는) 스펙 "${name}"의 실행인데, 이 작업 영역의 어떤 *.rnnlab.json도 그 이름을 선언하지 않아 데이터를 다시 읽을 수 없습니다. CLI로 내보내세요: rnnlab export <실행 폴더> --to pytorch --out DIR.`,
  openReadme: 'README 열기',
  reveal: '탐색기에서 보기',
  importing: 'RNN Lab: 가중치를 가져오는 중…',
  importedRun: (file, name, epoch, runId) =>
    `${file}(${name}, ${epoch}에폭)을(를) 실행 ${runId}(으)로 가져왔습니다. 랩에 표시됩니다.`,
  importedNoEvents:
    '가중치 옆에 이 학습의 metrics.jsonl이 없어, 실행에는 곡선 없이 가중치만 있습니다.',
  importOtherSpec: (file, theirs, ours, differences) =>
    `${file}에는 "${ours}"가 아닌 스펙 "${theirs}"의 모델이 들어 있습니다(다른 점: ${differences}). 내보낸 스펙을 열거나, 스펙을 열지 않은 채로 가져오세요.`,
  pickTask: '새 스펙이 학습할 시퀀스 태스크를 고르세요',
  specNamePrompt: '새 스펙의 이름 (파일은 <이름>.rnnlab.json)',
  specNameTaken: (file) => `${file}이(가) 이미 있습니다. 다른 이름을 고르세요`,
  specNameEmpty: '글자나 숫자가 든 이름을 입력하세요. 예: my-reverse',
  specWritten: (file) => `${file}을(를) 만들었습니다. 키에 마우스를 올려 설명을 보고 학습하세요.`,
  noWorkspace: '먼저 폴더를 여세요. 스펙, 데이터, 실행 기록은 작업 영역에 저장됩니다.',
  labTitle: (file) => (file ? `RNN Lab: ${file}` : 'RNN Lab'),
  checking: 'RNN Lab: 스펙과 데이터를 검사하는 중…',
  openingLab: 'RNN Lab: 랩을 여는 중…',
  training: (name) => `RNN Lab: ${name} 학습 중`,
  comparing: 'RNN Lab: RNN, LSTM, GRU 비교 중',
  bottleneck: 'RNN Lab: 병목 실험(어텐션 없는 Seq2Seq와 있는 Seq2Seq)',
  finished: (what) => `${what}: 끝났습니다.`,
  failed: (what, reason) => `${what} 실패: ${reason}`,
  statusTooltip: 'RNN Lab 학습 중: 클릭하면 랩을 엽니다',
  epoch: '에폭',
  loss: '손실',
  openLab: '랩 열기',
  train: '학습',
  compare: '셀 비교',
  inspect: (input) => `${input} 살펴보기`,
  saveFileTitle: '저장',
  savedFile: (file) => `${file}을(를) 저장했습니다.`,
  runFolderRecovered: (run, what) => `중단되었던 실행 ${run}을(를) 복구했습니다: ${what}.`,
  exampleMissing: (name) => `예제 ${name}이(가) 이 설치에 없습니다.`,
  labClosed: '랩이 닫혔습니다.',
  bottleneckNeedsSeq2seq: (architecture) =>
    `병목 실험은 어텐션이 있는 Seq2Seq와 없는 Seq2Seq를 비교합니다. 이 스펙은 ${architecture}입니다. ` +
    'copy, reverse, sort 예제를 사용해 보세요(둘러보기에 있습니다).',
  compareSummary: (parts) => `비교 결과: ${parts.join(' · ')}.`,
  accuracy: '정확도',
  labNotReady:
    '랩이 제때 응답하지 않았습니다. "RNN Lab: Show Log"를 확인한 뒤 다시 시도하거나 창을 다시 로드하세요.',
  noRun: (runId) => `이 작업 영역에 "${runId}" 실행이 더 이상 없습니다.`,
  openFolderToTrain: '예제를 열었습니다. 학습하려면 폴더를 여세요. 실행 기록이 그곳에 저장됩니다.',
  runUnreadable: (runId) =>
    `실행 ${runId}에 읽을 수 있는 spec.json이 없어(중간에 끊김) 랩이 모델을 불러올 수 없습니다.`,
  sweeping: (name) => `RNN Lab: ${name} 스윕`,
  sweepLens: '스윕 실행',
  noSweep: (file) =>
    `${file}에 "sweep"이 없습니다. 예: "sweep": { "over": { "model.cell": ["rnn", "lstm", "gru"] }, "seeds": 3 }를 추가하세요.`,
  sweepSummary: (finished, planned, folder) =>
    `스윕: 학습 ${planned}개 중 ${finished}개 완료${folder ? `, ${folder}에 저장됨` : ''}.`,
  noSweepFolder: (sweepId) =>
    `이 작업 영역에 읽을 수 있는 스윕 "${sweepId}"이(가) 더 이상 없습니다.`,
  switchWhileTraining: (current, next) =>
    `랩이 ${current}을(를) 학습하는 중입니다. 학습을 멈추고 ${next}의 랩을 열까요?`,
  switchSpec: '멈추고 전환',
  quickFix: (replacement) => `${replacement}(으)로 바꾸기`,
  specsViewTitle: '스펙',
  runsViewTitle: '실행 기록',
};

const TEXTS: Record<Lang, HostText> = { en: EN, ko: KO };

export function hostText(lang: Lang): HostText {
  return TEXTS[lang];
}
