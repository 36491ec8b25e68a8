namespace CommandCenter.Assessment;

/// <summary>
/// The texts of the assessment (<c>AssessmentText.resx</c>, <c>AssessmentText.zh-CN.resx</c>): refusals of bad months and
/// ranges, the report's sheet and column titles, and the report page's labels.
/// </summary>
public sealed class AssessmentText;
