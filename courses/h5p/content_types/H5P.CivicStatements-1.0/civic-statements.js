/**
 * H5P.CivicStatements 1.0: statements about rights; the learner agrees or disagrees with each and reads why.
 * Emits xAPI ("answered" per statement, "completed" with the score) and supports resume (getCurrentState).
 * Builds the DOM with textContent only, except the introduction, which the server has already sanitised.
 */
var H5P = H5P || {};

H5P.CivicStatements = (function (EventDispatcher) {
  'use strict';

  function CivicStatements(params, contentId, extras) {
    EventDispatcher.call(this);
    this.params = params || {};
    this.contentId = contentId;
    this.statements = (this.params.statements || []).filter(function (s) { return s && s.text; });
    this.l10n = Object.assign({
      agree: 'Agree', disagree: 'Disagree', correct: 'Right.', wrong: 'Not quite.',
      score: 'Score: :num of :total', retry: 'Try again'
    }, this.params.l10n || {});
    var previous = (extras && extras.previousState) || {};
    this.answers = Array.isArray(previous.answers) ? previous.answers.slice(0, this.statements.length) : [];
    this.completed = false;
  }

  CivicStatements.prototype = Object.create(EventDispatcher.prototype);
  CivicStatements.prototype.constructor = CivicStatements;

  CivicStatements.prototype.attach = function ($container) {
    var root = $container.get ? $container.get(0) : $container;
    root.classList.add('h5p-civic-statements');
    root.textContent = '';
    this.root = root;
    if (this.params.intro) {
      var intro = document.createElement('div');
      intro.className = 'h5p-civic-intro';
      intro.innerHTML = this.params.intro; // sanitised with lxml when the package was uploaded
      root.appendChild(intro);
    }
    var list = document.createElement('ol');
    this.items = [];
    for (var i = 0; i < this.statements.length; i++) {
      list.appendChild(this.buildItem(i));
    }
    root.appendChild(list);
    this.scoreEl = document.createElement('p');
    this.scoreEl.className = 'h5p-civic-score';
    this.scoreEl.setAttribute('aria-live', 'polite');
    root.appendChild(this.scoreEl);
    this.retryButton = document.createElement('button');
    this.retryButton.type = 'button';
    this.retryButton.className = 'h5p-civic-retry';
    this.retryButton.textContent = this.l10n.retry;
    this.retryButton.hidden = true;
    this.retryButton.addEventListener('click', this.resetTask.bind(this));
    root.appendChild(this.retryButton);
    for (var j = 0; j < this.answers.length; j++) {
      if (this.answers[j]) { this.render(j); }
    }
    this.updateScore(false);
    this.trigger('resize');
  };

  CivicStatements.prototype.buildItem = function (index) {
    var self = this;
    var statement = this.statements[index];
    var li = document.createElement('li');
    li.className = 'h5p-civic-statement';
    var text = document.createElement('p');
    text.id = 'h5p-civic-' + this.contentId + '-' + index;
    text.textContent = statement.text;
    li.appendChild(text);
    var choices = document.createElement('div');
    choices.className = 'h5p-civic-choices';
    choices.setAttribute('role', 'group');
    choices.setAttribute('aria-labelledby', text.id);
    var buttons = {};
    ['agree', 'disagree'].forEach(function (choice) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'h5p-civic-' + choice;
      button.textContent = self.l10n[choice];
      button.setAttribute('aria-pressed', 'false');
      button.addEventListener('click', function () { self.answer(index, choice); });
      choices.appendChild(button);
      buttons[choice] = button;
    });
    li.appendChild(choices);
    var feedback = document.createElement('p');
    feedback.className = 'h5p-civic-feedback';
    feedback.setAttribute('aria-live', 'polite');
    li.appendChild(feedback);
    this.items[index] = { buttons: buttons, feedback: feedback };
    return li;
  };

  CivicStatements.prototype.isRight = function (index) {
    return this.answers[index] === (this.statements[index].correct || 'agree');
  };

  CivicStatements.prototype.render = function (index) {
    var item = this.items[index];
    var chosen = this.answers[index];
    ['agree', 'disagree'].forEach(function (choice) {
      item.buttons[choice].setAttribute('aria-pressed', chosen === choice ? 'true' : 'false');
      item.buttons[choice].disabled = !!chosen;
    });
    if (!chosen) {
      item.feedback.textContent = '';
      item.feedback.className = 'h5p-civic-feedback';
      return;
    }
    var right = this.isRight(index);
    var explanation = this.statements[index].explanation || '';
    item.feedback.textContent = (right ? this.l10n.correct : this.l10n.wrong) + ' ' + explanation;
    item.feedback.className = 'h5p-civic-feedback ' + (right ? 'is-right' : 'is-wrong');
  };

  CivicStatements.prototype.answer = function (index, choice) {
    if (this.answers[index]) { return; }
    this.answers[index] = choice;
    this.render(index);
    var event = this.createXAPIEventTemplate('answered');
    var definition = event.getVerifiedStatementValue(['object', 'definition']);
    if (definition) {
      definition.description = { 'en-US': this.statements[index].text };
      definition.interactionType = 'choice';
      definition.correctResponsesPattern = [this.statements[index].correct || 'agree'];
      definition.choices = [
        { id: 'agree', description: { 'en-US': this.l10n.agree } },
        { id: 'disagree', description: { 'en-US': this.l10n.disagree } }
      ];
    }
    event.data.statement.object.id += (event.data.statement.object.id.indexOf('?') < 0 ? '?' : '&') +
      'statement=' + index;
    event.setScoredResult(this.isRight(index) ? 1 : 0, 1, this, true, this.isRight(index));
    event.data.statement.result.response = choice;
    this.trigger(event);
    this.updateScore(true);
    this.trigger('resize');
  };

  CivicStatements.prototype.answeredCount = function () {
    return this.answers.filter(function (a) { return !!a; }).length;
  };

  CivicStatements.prototype.updateScore = function (announce) {
    var total = this.getMaxScore();
    var done = total > 0 && this.answeredCount() === total;
    this.scoreEl.textContent = done ?
      this.l10n.score.replace(':num', String(this.getScore())).replace(':total', String(total)) : '';
    this.retryButton.hidden = !done;
    if (done && announce && !this.completed) {
      this.completed = true;
      var pass = (this.params.passPercentage === undefined ? 60 : this.params.passPercentage) / 100;
      this.triggerXAPIScored(this.getScore(), total, 'completed', true, this.getScore() >= pass * total);
    }
  };

  CivicStatements.prototype.getScore = function () {
    var score = 0;
    for (var i = 0; i < this.statements.length; i++) {
      if (this.answers[i] && this.isRight(i)) { score++; }
    }
    return score;
  };

  CivicStatements.prototype.getMaxScore = function () { return this.statements.length; };
  CivicStatements.prototype.getAnswerGiven = function () { return this.answeredCount() > 0; };

  CivicStatements.prototype.getCurrentState = function () {
    return { answers: this.answers.slice() };
  };

  CivicStatements.prototype.resetTask = function () {
    this.answers = [];
    this.completed = false;
    for (var i = 0; i < this.items.length; i++) { this.render(i); }
    this.updateScore(false);
    this.trigger('resize');
  };

  CivicStatements.prototype.showSolutions = function () {
    for (var i = 0; i < this.items.length; i++) {
      var correct = this.statements[i].correct || 'agree';
      this.items[i].buttons[correct].setAttribute('aria-pressed', 'true');
      this.items[i].feedback.textContent = this.statements[i].explanation || '';
    }
  };

  return CivicStatements;
})(H5P.EventDispatcher);
