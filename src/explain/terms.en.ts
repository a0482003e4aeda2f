/**
 * English words for every term. Inline Markdown is limited to code spans (`clipNorm`), so the same
 * text reads well in a Markdown hover and, through `toPlainText`, in a webview tooltip.
 */
import { BOTTLENECK as B, FORGET_START as F, INIT_REACH as R, MEMORY_SPAN as M } from './labClaims';
import type { TermTexts } from './termIds';

export const TERMS_EN: TermTexts = {
  rnn: {
    title: 'Recurrent neural network (RNN)',
    summary:
      'Reads a sequence one step at a time and hands a hidden state from each step to the next, ' +
      'so what it saw earlier shapes how it reads what comes later.',
    training:
      'Backpropagation through time multiplies the gradient by W and by tanh′ once per step, so ' +
      'across a long span it shrinks toward zero (vanishing) or blows up (exploding). That is why ' +
      'a plain RNN struggles with long-term dependencies.',
    seeInLab:
      `Run the adding example’s sweep: at T = ${M.long} the RNN stays near the ${M.baseline} of ` +
      `always answering 1 while LSTM and GRU learn it. Untrained, its gradient reach falls below ` +
      `${R.rnnMax} within ${R.stepsBack} steps.`,
  },
  lstm: {
    title: 'Long short-term memory (LSTM)',
    summary:
      'A recurrent cell with two states, the cell state c_t (long-term memory) and the hidden ' +
      'state h_t. Four gates decide what to forget, write and reveal.',
    training:
      'c_t is updated by addition, not by a fresh multiplication by W: along it the gradient is ' +
      'only scaled by f_t, so with the forget gate near 1 it survives many steps. This eases ' +
      'vanishing gradients (it does not cure them), at four times the parameters of an RNN of the ' +
      'same size.',
    seeInLab:
      `Untrained, its gradient reach ${R.stepsBack} steps back is only ${R.lstmLow}–${R.lstmHigh}× a ` +
      `plain RNN’s (a GRU’s is ${R.gruMin}× or more): the forget gate starts near ${F.gate}, so ` +
      `memory still fades. Trained, it learns the adding problem at T = ${M.long}, where the RNN ` +
      'cannot; the step inspector shows which units of c_t hold their value.',
  },
  gru: {
    title: 'Gated recurrent unit (GRU)',
    summary:
      'A lighter gated cell with no separate cell state: the update gate z blends the old hidden ' +
      'state with a new candidate n, and the reset gate r decides how much of the old state the ' +
      'candidate may use.',
    training:
      'Where z_t is near 1, h_{t−1} is copied forward almost unchanged: an additive shortcut like ' +
      'the LSTM’s cell state, so gradients survive long spans. Three weight blocks instead of ' +
      'four, so about ¾ of an LSTM’s parameters; very long sequences stay hard.',
    seeInLab:
      'Train the same spec with `lstm` and `gru` and compare parameter counts and loss curves; in ' +
      'the step inspector, units whose z stays near 1 are the ones holding on to information.',
  },
  'hidden-state': {
    title: 'Hidden state h_t',
    summary:
      'The vector a recurrent layer passes from each step to the next, and up to the next layer or ' +
      'the output head: its running summary of everything read so far.',
    training:
      'An early input reaches the loss only through the chain h_1 → h_2 → … → h_T, so its gradient ' +
      'is a product of one factor ∂h_t/∂h_{t−1} per step in between.',
    seeInLab:
      'The hidden-state heatmap in the step inspector (one column per step, one row per unit): ' +
      'watch which units switch when a key symbol arrives and which hold their value afterwards.',
  },
  'cell-state': {
    title: 'Cell state c_t (LSTM)',
    summary:
      'The LSTM’s long-term memory beside h_t: the forget gate erases from it and the input gate ' +
      'writes to it. It is never squashed from one step to the next; tanh is applied only to read ' +
      'it out into h_t.',
    training:
      'Along the direct path, the gradient from c_t back to c_{t−1} is multiplied by f_t alone, ' +
      'with no W and no tanh′. A forget gate near 1 lets the error signal reach distant steps: ' +
      'the reason an LSTM learns dependencies a plain RNN misses.',
    seeInLab:
      'The cell-state heatmap in the step inspector: on delayed-recall, follow each unit from the ' +
      'symbol to remember through the distractors and see which ones keep their value.',
  },
  'input-gate': {
    title: 'Input gate i_t',
    summary:
      'Decides, unit by unit, how much of the candidate g_t is written into the cell state at this ' +
      'step: 0 ignores the current input, 1 writes it in full.',
    training:
      'Keeping i_t low on irrelevant steps protects what the cell already holds. A gate pinned ' +
      'near 0 or 1 is saturated: decisive, but it passes little gradient to its own weights.',
    seeInLab:
      'The i row of the step inspector lights up on the steps that matter (the symbol to ' +
      'remember) and stays dark on distractors; its gate statistics show how often it is shut.',
  },
  'forget-gate': {
    title: 'Forget gate f_t',
    summary:
      'Decides, unit by unit, how much of the previous cell state to keep: 1 keeps c_{t−1} whole, ' +
      '0 wipes it.',
    training:
      'It sets how fast memory decays, and the gradient flowing back along c_t decays the same ' +
      'way: by the product of the f’s. That additive path, free of repeated multiplication by W, ' +
      'is why an LSTM eases vanishing gradients. RNN Lab starts b_f at 1 (f ≈ 0.73), so memory is ' +
      'kept by default.',
    seeInLab:
      'Its gate statistics: a mean near 1 with a large share above 0.9 means long memory. In the ' +
      'step inspector a drop toward 0 marks the step where a unit resets.',
  },
  'output-gate': {
    title: 'Output gate o_t',
    summary:
      'Decides how much of the cell’s memory appears in the hidden state, which is all that the ' +
      'next step, the next layer and the output head get to see.',
    training:
      'It lets the cell store something in c_t without acting on it yet: information can be kept ' +
      'quietly and revealed only when an output needs it.',
    seeInLab:
      'Compare the cell-state and hidden-state heatmaps: where o_t is low, c_t holds a value that ' +
      'does not show in h_t until the gate opens.',
  },
  candidate: {
    title: 'Candidate g_t (LSTM)',
    summary:
      'The new content the LSTM proposes to write at this step, computed from x_t and h_{t−1} ' +
      'through tanh, so each unit lies between −1 and 1; the input gate decides how much is written.',
    training:
      'Unlike the sigmoid gates, g_t can be negative, so the cell can both raise and lower its ' +
      'memory. Near ±1 its tanh is saturated and passes little gradient.',
    seeInLab:
      'The g row of the step inspector. Its statistics use the same 0.1 and 0.9 thresholds as the ' +
      'gates, so for g “below 0.1” also counts every negative value.',
  },
  'update-gate': {
    title: 'Update gate z_t (GRU)',
    summary:
      'The GRU’s one dial between old and new: near 1 a unit keeps h_{t−1}, near 0 it takes the ' +
      'candidate n_t. It does the work of the LSTM’s forget and input gates together.',
    training:
      'With z_t near 1 the state is copied forward and the gradient flows back through ' +
      'z_t ⊙ h_{t−1} almost undamped: the GRU’s version of the LSTM’s additive cell path. In this ' +
      '(PyTorch) convention, z near 1 means keep, not update.',
    seeInLab:
      'Its gate statistics: a large share above 0.9 means units that mostly remember. In the step ' +
      'inspector z dips toward 0 on the steps where a unit takes in something new.',
  },
  'reset-gate': {
    title: 'Reset gate r_t (GRU)',
    summary:
      'Decides how much of the previous hidden state the candidate n_t may look at: near 0 the ' +
      'candidate is built from the current input almost alone, as if starting fresh.',
    training:
      'It lets a unit ignore context that no longer helps when it proposes new content, without ' +
      'erasing the state itself: keeping or replacing the state is the update gate’s job.',
    seeInLab:
      'The r row of the step inspector: its dips mark steps where the new content ignores the past.',
  },
  'gru-candidate': {
    title: 'Candidate n_t (GRU)',
    summary:
      'The new hidden state the GRU proposes from x_t and the reset-filtered h_{t−1}; the update ' +
      'gate decides how much of it replaces the old state.',
    training:
      'It only counts where z_t is low, so its weights learn from the steps where units update. ' +
      'As a tanh, it passes little gradient near ±1. The recurrent bias b_hn sits inside r_t ⊙ (…), ' +
      'as in PyTorch.',
    seeInLab:
      'The n row of the step inspector; read it together with the update gate, since n only ' +
      'matters where z is low.',
  },
  'weight-sharing': {
    title: 'Weight sharing',
    summary:
      'A recurrent layer applies the same weights U, W and b at every time step, whatever the ' +
      'position and however long the sequence.',
    training:
      'The parameter count does not grow with the length, and a pattern learned at one position ' +
      'is recognised at any other, so the model copes with lengths it never saw. The flip side: ' +
      'the gradient passes through the same W again and again, which is what makes it vanish or ' +
      'explode.',
    seeInLab:
      'The parameter count in the run summary stays the same when you change `task.length`; the ' +
      'Inspector’s unrolled view joins every step to the same U, W and b.',
  },
  bptt: {
    title: 'Backpropagation through time (BPTT)',
    summary:
      'How a recurrent network is trained: unrolled over the sequence into one deep network with ' +
      'the same weights in every copy, then backpropagated through all of its steps.',
    training:
      'The whole sequence is read forward before the backward pass starts, so time and memory ' +
      'grow with the length, and the gradient of a shared weight is the sum of its copies’ ' +
      'gradients. The gradient reaching step t is a product over every later step: the source of ' +
      'vanishing and exploding gradients.',
    seeInLab:
      'The gradient heatmap shows the ‖∂L/∂h_t‖ that BPTT delivers to each step; with ' +
      '`train.tbptt` the steps before the cut get none.',
  },
  'truncated-bptt': {
    title: 'Truncated backpropagation through time (tbptt)',
    summary:
      'With `train.tbptt` = k the backward pass stops after k steps: the gradient reaches the last ' +
      'k steps of each sequence, and earlier steps get none. The forward pass reads every step.',
    training:
      'Each update costs less than full BPTT through a long sequence, but a dependency longer than ' +
      'k steps gets no gradient at all, so it cannot be learned: not a vanishing gradient, a cut ' +
      'made on purpose.',
    seeInLab:
      'The gradient heatmap is empty above a dotted line k steps before the end and its verdict ' +
      'says the gradient was cut, not that it vanished; the gradient reach chart marks the cut at k.',
  },
  'vanishing-gradient': {
    title: 'Vanishing gradient',
    summary:
      'During backpropagation through time the error signal shrinks roughly geometrically on its ' +
      'way back, so inputs many steps before the loss barely change the weights.',
    training:
      'The model learns short-range patterns quickly but cannot link an output to an input far ' +
      'before it: the long-term dependency problem. Gates (LSTM, GRU) give the gradient an ' +
      'additive path; attention gives it a direct one.',
    seeInLab:
      `The gradient reach chart, untrained: ${R.stepsBack} steps back a plain RNN keeps less than ` +
      `${R.rnnMax} of the gradient, an LSTM only ${R.lstmLow}–${R.lstmHigh}× that, a GRU ` +
      `${R.gruMin}× or more. The heatmap shows ‖∂L/∂h_t‖ per step while training.`,
  },
  'exploding-gradient': {
    title: 'Exploding gradient',
    summary:
      'The opposite failure: the per-step factors are larger than 1, the gradient grows ' +
      'geometrically toward early steps, and a single update can throw the weights far off.',
    training:
      'It shows as sudden spikes in the loss, or a loss that turns NaN. The usual guard is ' +
      'gradient clipping (`train.clipNorm`); an RNN with `activation: "relu"` is especially prone ' +
      'because ReLU is unbounded.',
    seeInLab:
      'Spikes in the loss curve and in the global gradient-norm chart; a run that diverges stops ' +
      'with a message naming the epoch. Set `clipNorm` and compare.',
  },
  'long-term-dependency': {
    title: 'Long-term dependency',
    summary:
      'An output that depends on an input many steps earlier: the model has to carry that ' +
      'information, and its gradient, across the whole gap.',
    training:
      'Vanishing gradients make such links nearly unlearnable for a plain RNN, and exploding ones ' +
      'make training unstable. Gated cells keep the information in a slowly changing state; ' +
      'attention lets a decoder reach back to it directly.',
    seeInLab:
      `The adding example’s sweep: at T = ${M.short} every cell learns; at T = ${M.long} the plain ` +
      `RNN stays near the ${M.baseline} of always answering 1 while LSTM and GRU learn. The ` +
      'gradient reach chart shows how far back each one’s signal reaches.',
  },
  'gradient-norm': {
    title: 'Gradient norm',
    summary:
      'The size of a gradient. Per time step, ‖∂L/∂h_t‖ says how much the loss still depends on ' +
      'the state at step t; over all weights, ‖g‖ says how big the next update would be.',
    training:
      'Per-step norms that fade toward early steps are vanishing gradients; a global norm that ' +
      'jumps by orders of magnitude is an exploding one. Recorded every `train.gradientEvery` ' +
      'batches, before clipping.',
    seeInLab:
      'The gradient heatmap (layer × step) and the global-norm chart with its clipNorm line.',
  },
  saturation: {
    title: 'Gate saturation',
    summary:
      'A sigmoid gate near 0 or 1 (or a tanh near ±1) sits on the flat part of its curve: it is ' +
      'decisive, fully shut or fully open, but its slope is almost zero.',
    training:
      'A saturated gate passes little gradient to its own weights, so it changes slowly: fine once ' +
      'it has learned the right decision, harmful if it got stuck early. A forget gate held near 1 ' +
      'still lets gradient flow along c_t; it is only its own weights that barely move.',
    seeInLab:
      'The gate statistics: the share of activations above 0.9 and below 0.1 for each gate and ' +
      'layer; large shares mean saturated gates.',
  },
  seq2seq: {
    title: 'Sequence to sequence (Seq2Seq)',
    summary:
      'Two recurrent stacks: an encoder reads the whole input, and a decoder, starting from the ' +
      'encoder’s final state, writes an output of its own length one token at a time.',
    training:
      'Input and output lengths may differ ("123+45" → "168"). The loss is on the decoder’s ' +
      'outputs, and its gradient reaches the input only through the context vector (or attention), ' +
      'so long inputs are hard without attention.',
    seeInLab:
      'The encoder and decoder timelines in the step inspector, the context vector between them ' +
      'and, with attention on, the attention heatmap.',
  },
  encoder: {
    title: 'Encoder',
    summary:
      'The recurrent stack that reads the input step by step and condenses it into its final ' +
      'states, the context vector handed to the decoder.',
    training:
      'It learns only from what the decoder makes of it: without attention, all of its gradient ' +
      'comes back through h_S, so its earliest steps get the weakest signal.',
    seeInLab:
      'The encoder half of the step inspector; with attention, its states are the columns the ' +
      'decoder attends to.',
  },
  decoder: {
    title: 'Decoder',
    summary:
      'The recurrent stack that starts from the context vector and generates the output one token ' +
      'at a time, each step reading the token before it.',
    training:
      'In training the previous token is the true one with probability `teacherForcing`, ' +
      'otherwise its own guess; at test time it always reads its own (greedy) predictions, so an ' +
      'early mistake can snowball.',
    seeInLab:
      'The decoder half of the step inspector with its predicted tokens; compare token accuracy ' +
      'with exact-match sequence accuracy.',
  },
  'context-vector': {
    title: 'Context vector',
    summary:
      'The encoder’s final state, handed to the decoder as its initial state: a fixed-size summary ' +
      'of the whole input (for an LSTM, both h and c).',
    training:
      'Its size is H whatever the input length, so everything the decoder needs must fit into H ' +
      'numbers, and without attention the encoder’s whole gradient flows through it.',
    seeInLab:
      'The context vector between the encoder and the decoder in the step inspector; compare it ' +
      'for two long inputs that differ only in their first symbol.',
  },
  bottleneck: {
    title: 'Fixed-context bottleneck',
    summary:
      'Without attention, a Seq2Seq model has to squeeze an input of any length into one vector of ' +
      'fixed size; the longer the input, the more is lost.',
    training:
      'Accuracy falls as inputs get longer, and the errors pile up on the symbols read longest ago. ' +
      'Attention removes the bottleneck by letting every decoder step look at every encoder state.',
    seeInLab:
      'Run the Bottleneck experiment on the copy example: at its longest inputs the model without ' +
      `attention gets below ${B.noneBelow * 100} % of the tokens right, the one with attention ` +
      `${B.attentionAbove * 100} % or more; the step inspector shows which output positions go wrong.`,
  },
  attention: {
    title: 'Attention',
    summary:
      'At every decoder step the model scores each encoder state against its current state, turns ' +
      'the scores into weights that sum to 1, and mixes the encoder states into a fresh context.',
    training:
      'The gradient reaches every encoder step directly through the weights α, not only through ' +
      'the last state, so long inputs train far better: on the copy example at length 8 it lifts ' +
      'token accuracy from about 70 % to about 95 % (the Bottleneck tab). Here the ' +
      'context feeds the output head only, not the next decoder step.',
    seeInLab:
      'The attention heatmap: one row per output step, one column per input step. Trained on ' +
      'reverse, it draws an anti-diagonal: each output step looks most at its mirror input step.',
  },
  'additive-attention': {
    title: 'Additive (Bahdanau) attention',
    summary:
      'Scores each encoder state with a small learned network: the decoder and encoder states are ' +
      'projected, added, passed through tanh and read out by a vector v.',
    training:
      'It adds 2·H² + H parameters and can learn which features to compare, which often helps ' +
      'early in training; it is a little slower than dot attention.',
    seeInLab:
      'Set `model.attention: "additive"` and compare its attention heatmap and parameter count ' +
      'with `"dot"`.',
  },
  'dot-attention': {
    title: 'Dot-product (Luong) attention',
    summary:
      'Scores each encoder state by its dot product with the decoder state: states pointing the ' +
      'same way get high weight. No extra parameters.',
    training:
      'Free and fast, but the encoder and decoder have to learn to put matching information in ' +
      'the same units; the scores also grow with H, which can make the weights very peaked.',
    seeInLab: 'Set `model.attention: "dot"` and compare its attention heatmap with `"additive"`.',
  },
  'teacher-forcing': {
    title: 'Teacher forcing',
    summary:
      'While training, the decoder is fed the true previous token instead of its own prediction, ' +
      'so every step learns from a correct history.',
    training:
      'Training converges faster and more steadily, but at test time the decoder reads its own ' +
      'predictions and never practised recovering from its mistakes (exposure bias). A value below ' +
      '1 mixes in its own predictions.',
    seeInLab:
      'The gap between training loss and test sequence accuracy; try `teacherForcing: 0.5` and ' +
      'compare.',
  },
  'clip-norm': {
    title: 'Gradient clipping (clipNorm)',
    summary:
      'Before each update, if the global norm of all gradients exceeds `clipNorm`, every gradient ' +
      'is scaled down by the same factor so that the norm equals `clipNorm`; the direction is kept.',
    training:
      'It guards against exploding gradients: one huge step can no longer wreck the weights. It ' +
      'does nothing for vanishing gradients, and a value that is too small clips every step and ' +
      'slows learning.',
    seeInLab:
      'The global gradient-norm chart: points above the clipNorm line are the updates that were ' +
      'clipped.',
  },
  embedding: {
    title: 'Embedding',
    summary:
      'A learned table that turns each input symbol into a dense vector of `model.embedding` ' +
      'numbers; with `embedding: 0` the model reads one-hot vectors instead.',
    training:
      'Its rows are trained like any other weight, so symbols that behave alike end up with ' +
      'similar vectors. It pays off for large vocabularies; for a handful of symbols one-hot works ' +
      'as well.',
    seeInLab:
      'The embedding’s share of the parameter count; in Seq2Seq the decoder has its own embedding ' +
      'for the previous output token.',
  },
  'many-to-one': {
    title: 'Many-to-one',
    summary:
      'Read the whole sequence, then give one output from the final hidden state: classification ' +
      'such as parity or motif detection.',
    training:
      'The loss exists only at the last step, so every earlier input is learned through the ' +
      'gradient flowing back from h_T: exactly where vanishing gradients hurt.',
    seeInLab:
      'The gradient reach chart of an untrained model on delayed-recall: the signal starts at the ' +
      'last step and fades toward the first.',
  },
  'many-to-many': {
    title: 'Many-to-many',
    summary:
      'One output for every input step, from the same hidden states: tagging, next-character ' +
      'prediction, forecasting.',
    training:
      'Every step has its own loss, so gradient enters everywhere and short-range patterns are ' +
      'easy; an output that depends on an input far back still needs gradient through many steps.',
    seeInLab:
      'The text and sine tasks; the step inspector shows the prediction made at every step.',
  },
  hidden: {
    title: 'Hidden units (model.hidden)',
    summary:
      'The size H of h_t (and of c_t): how many numbers each recurrent layer carries from one step ' +
      'to the next.',
    training:
      'More units hold more information (and a bigger context vector), but parameters and time ' +
      'grow with H²; on a small task a large H mostly memorises the training set.',
    seeInLab:
      'The parameter count and steps per second, and the number of rows in the state heatmaps.',
  },
  layers: {
    title: 'Stacked layers (model.layers)',
    summary:
      'How many recurrent layers are stacked: layer l reads the hidden states of layer l − 1 as ' +
      'its input sequence.',
    training:
      'Depth adds abstraction but also a second direction for the gradient to travel, down through ' +
      'the layers as well as back in time; one or two layers are usually enough here.',
    seeInLab:
      'Each layer gets its own rows in the step inspector and its own lines in the gate ' +
      'statistics and the gradient heatmap.',
  },
  'learning-rate': {
    title: 'Learning rate',
    summary:
      'The optimizer’s step size: how far the weights move against the gradient at each update.',
    training:
      'Too high and the loss oscillates or explodes (pair it with `clipNorm`); too low and it ' +
      'crawls. The default here is 0.01 with Adam.',
    seeInLab:
      'The loss curve: jagged or rising means too high, a slow straight decline means too low.',
  },
};
