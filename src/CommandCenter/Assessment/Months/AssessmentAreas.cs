using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;

namespace CommandCenter.Assessment.Months;

/// <summary>Where in the administrative tree an assessed thing stands, for the monthly assessments' area filters.</summary>
public static class AssessmentAreas
{
    /// <summary>The grid is the area (<c>city</c>, <c>district/…</c>, …, <c>grid/…</c>) or lies under it.</summary>
    public static bool Covers(this CityDirectory city, string areaKey, string gridId)
    {
        for (var key = AreaKeys.Grid(gridId); key is not null; key = city.ParentOf(key))
        {
            if (key == areaKey)
            {
                return true;
            }
        }

        return false;
    }
}
