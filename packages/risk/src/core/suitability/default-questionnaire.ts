import type { Questionnaire } from './questionnaire.js'
import { requireQuestionnaire } from './parse-questionnaire.js'

/**
 * A starting questionnaire for private clients, to be reviewed and re-issued
 * by the bank's compliance team under its own id. It asks what regulators
 * expect a suitability assessment to cover (objective, horizon, capacity and
 * willingness to bear loss, knowledge and experience, financial situation),
 * and gives loss tolerance the most weight because it is the answer that best
 * predicts whether a client sells at the bottom.
 *
 * Scores: objective 0–8, horizon 0–8, loss tolerance 0–12, reaction to a fall
 * 0–6, experience 0–6, income 0–4, share of wealth 0–6; totals 0–50, in five
 * bands of ten (the first of eleven).
 *
 * It goes through `requireQuestionnaire` when the module loads, so an edit
 * that breaks coverage of the bands fails at once rather than at a client.
 */
export const defaultQuestionnaire: Questionnaire = requireQuestionnaire({
  id: 'strongroom-risk-tolerance',
  version: 1,
  title: 'Investment risk tolerance',
  validityMonths: 12,
  questions: [
    {
      id: 'objective',
      text: 'What is your main objective for this money?',
      answers: [
        { id: 'preserve', text: 'Keep the capital intact; I accept a low return', score: 0 },
        { id: 'income', text: 'A steady income with little fluctuation', score: 2 },
        { id: 'balanced', text: 'A balance of income and growth', score: 4 },
        { id: 'growth', text: 'Long-term growth; income is secondary', score: 6 },
        { id: 'maximise', text: 'The highest return, accepting large swings in value', score: 8 },
      ],
    },
    {
      id: 'horizon',
      text: 'How long can this money stay invested before you need it?',
      answers: [
        { id: 'under-1y', text: 'Less than one year', score: 0 },
        { id: '1-3y', text: 'One to three years', score: 2 },
        { id: '3-5y', text: 'Three to five years', score: 4 },
        { id: '5-10y', text: 'Five to ten years', score: 6 },
        { id: 'over-10y', text: 'More than ten years', score: 8 },
      ],
    },
    {
      id: 'loss-tolerance',
      text: 'What is the largest fall in value over one year you could accept without changing your plans?',
      answers: [
        { id: 'none', text: 'None: I cannot accept any loss of capital', score: 0 },
        { id: 'up-to-5', text: 'Up to 5%', score: 3 },
        { id: 'up-to-10', text: 'Up to 10%', score: 6 },
        { id: 'up-to-20', text: 'Up to 20%', score: 9 },
        { id: 'over-20', text: 'More than 20%', score: 12 },
      ],
    },
    {
      id: 'reaction-to-fall',
      text: 'Your investments fall 20% in three months. What do you do?',
      answers: [
        { id: 'sell-all', text: 'Sell everything to stop further losses', score: 0 },
        { id: 'sell-some', text: 'Sell part of them', score: 2 },
        { id: 'hold', text: 'Hold and wait for a recovery', score: 4 },
        { id: 'buy-more', text: 'Invest more while prices are low', score: 6 },
      ],
    },
    {
      id: 'experience',
      text: 'Which of these have you invested in during the last five years?',
      answers: [
        { id: 'deposits-only', text: 'Only deposits and certificates of deposit', score: 0 },
        { id: 'bonds-funds', text: 'Bonds, money-market or bond funds, wealth-management products', score: 2 },
        { id: 'equities', text: 'Shares or equity funds', score: 4 },
        { id: 'complex', text: 'Derivatives, structured products or leveraged investments', score: 6 },
      ],
    },
    {
      id: 'income-stability',
      text: 'How stable is your income (or your business’s cash flow) over the next few years?',
      answers: [
        { id: 'uncertain', text: 'Uncertain or falling', score: 0 },
        { id: 'stable', text: 'Stable', score: 2 },
        { id: 'stable-surplus', text: 'Stable, with a regular surplus I can invest', score: 4 },
      ],
    },
    {
      id: 'share-of-wealth',
      text: 'What share of your liquid wealth does this money represent?',
      answers: [
        { id: 'over-75', text: 'More than 75%', score: 0 },
        { id: '50-75', text: '50% to 75%', score: 2 },
        { id: '25-50', text: '25% to 50%', score: 4 },
        { id: 'under-25', text: 'Less than 25%', score: 6 },
      ],
    },
  ],
  bands: [
    { from: 0, to: 10, profile: 'C1' },
    { from: 11, to: 20, profile: 'C2' },
    { from: 21, to: 30, profile: 'C3' },
    { from: 31, to: 40, profile: 'C4' },
    { from: 41, to: 50, profile: 'C5' },
  ],
})
